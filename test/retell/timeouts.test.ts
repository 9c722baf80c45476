import { byId, fromList, recordRequests, runRetell, useAccount } from './helpers';

const env = useAccount();

/**
 * retell-sdk 5.66.1 gives slow endpoints longer than its 60 s default, but only when the client sets no timeout
 * of its own (`resources/call.js`: `timeout: this._client._options.timeout ?? 120000`). The SDK announces such a
 * per-request timeout in the `X-Stainless-Timeout` header (seconds, `client.js` buildHeaders), so the emulator sees
 * it; requests without one run on the client's timeout, the SDK's 60 s `DEFAULT_TIMEOUT`.
 */
function timeoutHeaders(requests: Array<{ path: string; headers: Record<string, string | string[] | undefined> }>): Array<[string, unknown]> {
	return requests.map((request) => [request.path, request.headers['x-stainless-timeout']]);
}

describe("Retell requests keep the SDK's per-method timeouts", () => {
	it('waits 120 s for Create Phone Call, 300 s for listing calls and creating a batch, 60 s for the rest', async () => {
		const requests = recordRequests(env.emulator);
		const runs = [
			await runRetell(env.emulator, { resource: 'call', operation: 'createPhoneCall', fromNumber: fromList(env.account.fromNumber), toNumber: '+14155550170' }),
			await runRetell(env.emulator, { resource: 'call', operation: 'getAll', returnAll: false, limit: 5 }),
			await runRetell(env.emulator, {
				resource: 'batchCall',
				operation: 'create',
				fromNumber: fromList(env.account.fromNumber),
				toNumber: '+14155550171',
			}),
			await runRetell(env.emulator, { resource: 'agent', operation: 'get', agentId: byId(env.account.agentId) }),
		];
		expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success', 'success']);
		expect(timeoutHeaders(requests())).toEqual([
			['/v2/create-phone-call', '120'],
			['/v3/list-calls', '300'],
			['/create-batch-call', '300'],
			[`/get-agent/${env.account.agentId}`, undefined],
		]);
	});
});
