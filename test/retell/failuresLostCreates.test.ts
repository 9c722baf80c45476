import Retell from 'retell-sdk';

import type { FailNextReply, RetellEmulator } from '../support/retell-emulator';
import { CREATE_PHONE_CALL, dialsTo, expectMayHaveBeenPlaced, isCreateTo, numbersFor, placeCalls, runChain } from './failuresHelpers';
import { byId, fromList, recordRequests, runError, useAccount } from './helpers';

describe('Retell failing', () => {
	const env = useAccount();

	describe('a create whose answer is lost after Retell carried it out', () => {
		/** Retell placed the call; the connection then broke before its answer arrived. */
		const droppedAfterCommit: FailNextReply = { dropConnection: true, afterHandling: true };

		it.each([
			{
				operation: 'Call → Create Phone Call',
				path: CREATE_PHONE_CALL,
				parameters: (account: { fromNumber: string }) => ({ resource: 'call', operation: 'createPhoneCall', fromNumber: fromList(account.fromNumber), toNumber: '+14157774001' }),
				created: (emulator: RetellEmulator) => dialsTo(emulator, ['+14157774001'])[0],
				itemIndex: 0,
			},
			{
				operation: 'Call → Create Web Call',
				path: '/v3/create-web-call',
				parameters: (account: { agentId: string }) => ({ resource: 'call', operation: 'createWebCall', agentId: byId(account.agentId) }),
				created: (emulator: RetellEmulator) => [...emulator.state.calls.values()].filter((call) => call.call_type === 'web_call').length,
				itemIndex: 0,
			},
			{
				operation: 'Batch Call → Create',
				path: '/create-batch-call',
				parameters: (account: { fromNumber: string }) => ({ resource: 'batchCall', operation: 'create', fromNumber: fromList(account.fromNumber), toNumber: '+14157774002' }),
				created: (emulator: RetellEmulator) => emulator.state.batchCalls.size,
				// One batch for all items: the error belongs to no single item.
				itemIndex: undefined,
			},
		])('$operation: sends it once, so Retell holds it once, and says it may have been placed', async ({ path, parameters, created, itemIndex }) => {
			const before = created(env.emulator);
			env.emulator.failNext({ method: 'POST', path }, droppedAfterCommit);
			const requests = recordRequests(env.emulator);

			const run = await runChain(env.emulator, [{ type: 'retell', parameters: parameters(env.account) }], [{}]);

			expect(requests().filter((request) => request.path === path)).toEqual([expect.objectContaining({ dropped: true })]);
			expect(created(env.emulator) - before).toBe(1);
			const error = runError(run);
			expect(error).toMatchObject({ httpCode: null, itemIndex });
			// Not "Could not reach Retell": it was reached, and it acted.
			expect(error.message).toMatch(/^Retell did not answer: /);
			expectMayHaveBeenPlaced(error.description);
		});

		/**
		 * The real timeout: retell-sdk 5.66.1 waits 120 s for create-phone-call (resources/call.js) and arms that timer in
		 * `fetchWithTimeout` (client.js). The node offers no setting for it, so the test shortens that one timer; the
		 * request still announces the SDK's 120 s in `X-Stainless-Timeout`.
		 */
		function shortenSdkTimeouts(ms: number): jest.SpyInstance {
			const armTimeout = Retell.prototype.fetchWithTimeout;
			return jest.spyOn(Retell.prototype, 'fetchWithTimeout').mockImplementation(function (this: Retell, url, init, _sdkTimeout, controller) {
				return armTimeout.call(this, url, init, ms, controller);
			});
		}

		const lostAnswers: Array<[string, FailNextReply, number]> = [
			['a 500 after Retell placed the call', { status: 500, afterHandling: true }, 5],
			['a connection dropped after Retell placed the call', droppedAfterCommit, 6],
			['an answer stalled past the SDK timeout', { stallMs: Infinity, afterHandling: true }, 7],
		];

		it.each(lostAnswers)('the node dials once on %s; retell-sdk with its default retries dials twice', async (_case, lostAnswer, numberBlock) => {
			const shortTimeouts = shortenSdkTimeouts(500);
			try {
				const [nodeNumber, sdkNumber] = numbersFor(numberBlock, 2);
				env.emulator.failNext({ method: 'POST', path: CREATE_PHONE_CALL, body: { to_number: nodeNumber } }, lostAnswer);
				env.emulator.failNext({ method: 'POST', path: CREATE_PHONE_CALL, body: { to_number: sdkNumber } }, lostAnswer);
				const requests = recordRequests(env.emulator);

				const run = await runChain(env.emulator, [placeCalls(env.account.fromNumber)], [{ to: nodeNumber }]);
				expect(run.status).toBe('error');
				expectMayHaveBeenPlaced(runError(run).description);

				// What a user calling the SDK directly (or a node that keeps its default maxRetries of 2) gets: a success
				// naming one call, while Retell placed two.
				const sdk = new Retell({ apiKey: env.emulator.apiKey, baseURL: env.emulator.url });
				const answer = await sdk.call.createPhoneCall({ from_number: env.account.fromNumber, to_number: sdkNumber });
				expect(answer.to_number).toBe(sdkNumber);

				expect(dialsTo(env.emulator, [nodeNumber, sdkNumber])).toEqual([1, 2]);
				expect(requests().filter((request) => isCreateTo(request, nodeNumber))).toHaveLength(1);
				expect(requests().filter((request) => isCreateTo(request, sdkNumber)).map((request) => request.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
				expect(requests().filter((request) => isCreateTo(request, nodeNumber))[0]?.headers['x-stainless-timeout']).toBe('120');
			} finally {
				shortTimeouts.mockRestore();
			}
		});
	});
});
