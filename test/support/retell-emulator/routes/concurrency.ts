import type { ConcurrencyRetrieveResponse } from 'retell-sdk/resources/concurrency';
import type { IdentityRetrieveResponse } from 'retell-sdk/resources/identity';
import { ok, type Reply, type Route, type RouteContext } from '../http';

/** Live calls against `callConcurrencyLimit`; the limit is only reported when one is set (it is enforced then). */
function getConcurrency({ core }: RouteContext): Reply<ConcurrencyRetrieveResponse> {
	const current = core.state.liveCallCount();
	const limit = core.options.callConcurrencyLimit;
	const body: ConcurrencyRetrieveResponse = { current_concurrency: current, purchased_concurrency: 0, concurrency_burst_enabled: false, reserved_inbound_concurrency: 0 };
	if (Number.isFinite(limit)) {
		body.concurrency_limit = limit;
		body.base_concurrency = limit;
	}
	return ok(body);
}

/** The names get-api-key-info reports for the emulator's one key. */
export const EMULATED_IDENTITY: IdentityRetrieveResponse = { api_key_name: 'Emulator key', org_name: 'Retell Emulator' };

function getApiKeyInfo(): Reply<IdentityRetrieveResponse> {
	return ok(EMULATED_IDENTITY);
}

export const concurrencyRoutes: Route[] = [
	{ method: 'GET', path: '/get-concurrency', handler: getConcurrency },
	{ method: 'GET', path: '/get-api-key-info', handler: getApiKeyInfo },
];
