import type { RecordedRequest } from '../support/retell-emulator';
import { CREATE_PHONE_CALL, dialsTo, expectMayHaveBeenPlaced, isCreateTo, numbersFor, placeCalls, runChain } from './failuresHelpers';
import { recordRequests, runError, useAccount } from './helpers';

describe('Retell failing', () => {
	const env = useAccount();

	describe('a 429 storm with retry-after', () => {
		it('places every call exactly once, fails no item, and waits at least what retry-after asked before each repeat', async () => {
			const numbers = numbersFor(1, 50);
			// Every first attempt and half of the second ones are refused: 75 of 125 creates, 80 of 130 reads.
			env.emulator.failNext({ method: 'POST', path: CREATE_PHONE_CALL }, { status: 429, headers: { 'retry-after': '1' } }, 75);
			env.emulator.failNext({ method: 'GET', path: /^\/v2\/get-call\// }, { status: 429, headers: { 'retry-after-ms': '250' } }, 80);
			const requests = recordRequests(env.emulator);

			const run = await runChain(
				env.emulator,
				[
					placeCalls(env.account.fromNumber, { options: { concurrency: 50 } }),
					{ name: 'Read Calls', type: 'retell', parameters: { resource: 'call', operation: 'get', callId: '={{ $json.call_id }}', options: { concurrency: 50 } } },
				],
				numbers.map((to) => ({ to })),
			);

			expect(run.status).toBe('success');
			const placed = run.json('Place Calls');
			const read = run.json('Read Calls');
			expect(placed.filter((item) => 'error' in item)).toEqual([]);
			expect(read.filter((item) => 'error' in item)).toEqual([]);
			expect(placed.map((item) => item.to_number)).toEqual(numbers);
			expect(read.map((item) => item.call_id)).toEqual(placed.map((item) => item.call_id));

			expect(dialsTo(env.emulator, numbers)).toEqual(numbers.map(() => 1));
			const creates = requests().filter((request) => request.path === CREATE_PHONE_CALL);
			const reads = requests().filter((request) => request.path.startsWith('/v2/get-call/'));
			expect(statusCounts(creates)).toEqual({ 201: 50, 429: 75 });
			expect(statusCounts(reads)).toEqual({ 200: 50, 429: 80 });

			const createWaits = numbers.flatMap((number) => waitsAfterRateLimit(creates.filter((request) => isCreateTo(request, number))));
			const readWaits = placed.flatMap((item) => waitsAfterRateLimit(reads.filter((request) => request.path === `/v2/get-call/${String(item.call_id)}`)));
			expect(createWaits).toHaveLength(75);
			expect(readWaits).toHaveLength(80);
			// n8n's sleep is a setTimeout, which counts whole milliseconds of libuv's clock; the log's Date.now() may
			// round the other way, so "at least" holds to within that one millisecond.
			expect(Math.min(...createWaits)).toBeGreaterThanOrEqual(1000 - 1);
			expect(Math.min(...readWaits)).toBeGreaterThanOrEqual(250 - 1);
		});
	});

	describe('a burst of 500 and 503 answers', () => {
		it('retries reads and updates until they succeed, including an update Retell had carried out before its 500', async () => {
			const calls = env.emulator.seedCalls(4);
			for (const { call_id } of calls) {
				const read = { method: 'GET', path: `/v2/get-call/${call_id}` };
				const update = { method: 'PATCH', path: `/v2/update-call/${call_id}` };
				env.emulator.failNext(read, { status: 500 });
				env.emulator.failNext(read, { status: 503 });
				env.emulator.failNext(update, { status: 503 });
				env.emulator.failNext(update, { status: 500, afterHandling: true });
			}
			const requests = recordRequests(env.emulator);

			const run = await runChain(
				env.emulator,
				[
					{ name: 'Read Calls', type: 'retell', parameters: { resource: 'call', operation: 'get', callId: '={{ $json.call_id }}' } },
					{
						name: 'Mark Reviewed',
						type: 'retell',
						parameters: { resource: 'call', operation: 'update', callId: '={{ $json.call_id }}', updateFields: { metadata: '{"reviewed": true}' } },
					},
				],
				calls.map(({ call_id }) => ({ call_id })),
			);

			expect(run.status).toBe('success');
			expect(run.json().map((item) => [item.call_id, item.metadata])).toEqual(calls.map(({ call_id }) => [call_id, { reviewed: true }]));
			for (const { call_id } of calls) {
				const exchanges = requests().filter((request) => request.path.endsWith(`/${call_id}`));
				expect(exchanges.map((request) => `${request.method} ${request.status}`)).toEqual(['GET 500', 'GET 503', 'GET 200', 'PATCH 503', 'PATCH 500', 'PATCH 200']);
				expect(env.emulator.state.calls.get(call_id)?.metadata).toEqual({ reviewed: true });
			}
		});

		it('does not send a create again: the item fails with Retell\'s message, the code, its index, and "may have been placed"', async () => {
			const numbers = numbersFor(2, 6);
			env.emulator.failNext({ method: 'POST', path: CREATE_PHONE_CALL, body: { to_number: numbers[3] } }, { status: 503 });
			const requests = recordRequests(env.emulator);

			const run = await runChain(env.emulator, [placeCalls(env.account.fromNumber)], numbers.map((to) => ({ to })));

			expect(run.status).toBe('error');
			const error = runError(run);
			expect(error).toMatchObject({ message: 'Retell: An unexpected server error occurred.', httpCode: '503', itemIndex: 3 });
			expectMayHaveBeenPlaced(error.description);
			expect(numbers.map((number) => requests().filter((request) => isCreateTo(request, number)).length)).toEqual([1, 1, 1, 1, 1, 1]);
			// The other five were in flight together and were placed; the failed run shows none of them.
			expect(dialsTo(env.emulator, numbers)).toEqual([1, 1, 1, 0, 1, 1]);
			expect(run.items()).toEqual([]);
		});

		it('with Continue On Fail, reports each lost create on its own item and places every other call once', async () => {
			const numbers = numbersFor(3, 6);
			// Item 1: Retell placed the call, then answered 500. Item 4: refused before placing anything.
			env.emulator.failNext({ method: 'POST', path: CREATE_PHONE_CALL, body: { to_number: numbers[1] } }, { status: 500, afterHandling: true });
			env.emulator.failNext({ method: 'POST', path: CREATE_PHONE_CALL, body: { to_number: numbers[4] } }, { status: 503 });
			const requests = recordRequests(env.emulator);

			const run = await runChain(env.emulator, [placeCalls(env.account.fromNumber)], numbers.map((to) => ({ to })), true);

			expect(run.status).toBe('success');
			const output = run.json();
			expect(output.map((item) => ('error' in item ? `error ${String(item.httpCode)}` : item.to_number))).toEqual([
				numbers[0],
				'error 500',
				numbers[2],
				numbers[3],
				'error 503',
				numbers[5],
			]);
			expect(output[1]).toMatchObject({ error: 'Retell: An unexpected server error occurred.' });
			expectMayHaveBeenPlaced(String(output[1].errorDescription));
			expectMayHaveBeenPlaced(String(output[4].errorDescription));
			expect(run.items().map((item) => item.pairedItem)).toEqual(numbers.map((_, item) => ({ item })));
			expect(numbers.map((number) => requests().filter((request) => isCreateTo(request, number)).length)).toEqual([1, 1, 1, 1, 1, 1]);
			// Item 1's call rings although its item is an error: exactly what the message warns about.
			expect(dialsTo(env.emulator, numbers)).toEqual([1, 1, 1, 1, 0, 1]);
		});
	});
});

function statusCounts(requests: RecordedRequest[]): Record<number, number> {
	const counts: Record<number, number> = {};
	for (const { status } of requests) counts[status] = (counts[status] ?? 0) + 1;
	return counts;
}

/** For each 429 of one item's attempts (in arrival order): how long after that answer the next attempt arrived. */
function waitsAfterRateLimit(attempts: RecordedRequest[]): number[] {
	const ordered = [...attempts].sort((a, b) => a.at - b.at);
	expect(ordered.at(-1)?.status).not.toBe(429);
	return ordered.slice(0, -1).map((attempt, index) => {
		expect(attempt.status).toBe(429);
		return ordered[index + 1].at - attempt.answeredAt;
	});
}
