import Retell from 'retell-sdk';

import { startRetellEmulator, takeContractViolations } from '../support/retell-emulator';
import { RetellContract } from '../support/retell-emulator/contract';

const contract = RetellContract.load();
const JSON_BODY = 'application/json';
const FORM = 'multipart/form-data; boundary=x';

function problems(method: string, path: string, body?: unknown, query: Record<string, string> = {}, contentType = JSON_BODY): string[] {
	return contract.check({ method, path, query, body, contentType: body === undefined ? undefined : contentType })?.problems ?? [];
}

describe("the contract check against Retell's OpenAPI description", () => {
	it('accepts well-formed requests, nulls where Retell allows them, and multipart arrays sent as JSON text', () => {
		expect(problems('POST', '/v2/create-phone-call', { from_number: '+14155550100', to_number: '+14155550101', retell_llm_dynamic_variables: { name: 'Ada' } })).toEqual([]);
		expect(problems('PATCH', '/update-agent/agent_1', { webhook_url: null, webhook_events: null }, { version: '2' })).toEqual([]);
		expect(problems('GET', '/v2/list-phone-numbers', undefined, { limit: '1000', sort_order: 'ascending', pagination_key: 'k' })).toEqual([]);
		const texts = JSON.stringify([{ title: 'Hours', text: 'Open 9-5' }]);
		expect(problems('POST', '/create-knowledge-base', { knowledge_base_name: 'FAQ', knowledge_base_texts: texts, knowledge_base_urls: '["https://example.com"]' }, {}, FORM)).toEqual([]);
	});

	it.each([
		['a wrong type', 'POST', '/v2/create-phone-call', { from_number: 14155550100, to_number: '+14155550101' }, {}, 'body/from_number must be string'],
		['a missing required field', 'POST', '/v2/create-phone-call', { from_number: '+14155550100' }, {}, "body must have required property 'to_number'"],
		['a field Retell does not describe', 'POST', '/v2/create-phone-call', { from_number: '+1', to_number: '+1', toNumber: '+1' }, {}, 'body field "toNumber" is not described'],
		['a query parameter Retell does not describe', 'GET', '/v2/list-phone-numbers', undefined, { page: '2' }, 'query parameter "page" is not described'],
		['a limit over 1000', 'GET', '/v2/list-phone-numbers', undefined, { limit: '5000' }, 'query.limit must be <= 1000'],
		['a sort order Retell does not know', 'GET', '/v2/list-retell-llms', undefined, { sort_order: 'newest' }, 'query.sort_order must be equal to one of the allowed values'],
		['a web call without agent (SDK types)', 'POST', '/v3/create-web-call', { agent_version: 1 }, {}, "body must have required property 'agent_id'"],
		['an unknown list-agents filter (SDK types)', 'POST', '/v2/list-agents', { filter_criteria: { name: 'x' } }, {}, 'body/filter_criteria must NOT have additional properties "name"'],
	])('refuses %s', (_case, method, path, body, query, problem) => {
		expect(problems(method, path, body, query)).toContain(problem);
	});

	it("takes what retell-sdk 5.66.1 adds to a described endpoint, checked like the description's own fields", () => {
		expect(problems('DELETE', '/delete-retell-llm/llm_1', undefined, { force_delete: 'true' })).toEqual([]);
		expect(problems('POST', '/publish-agent-version/agent_1', { version: 1, version_title: 'v1', version_description: 'First' })).toEqual([]);
		expect(problems('DELETE', '/delete-retell-llm/llm_1', undefined, { force_delete: 'yes' })).toContain('query.force_delete must be boolean');
		expect(problems('POST', '/publish-agent-version/agent_1', { version: 1, title: 'v1' })).toContain('body field "title" is not described');
	});

	it('refuses multipart text that is not the JSON array the description types', () => {
		expect(problems('POST', '/create-knowledge-base', { knowledge_base_name: 'FAQ', knowledge_base_texts: '{"title": "Hours"}' }, {}, FORM)).toContain(
			'body/knowledge_base_texts must be array',
		);
	});

	it('reports what an emulator receives, so the test that sent it fails', async () => {
		const emulator = await startRetellEmulator({ contractCheck: true });
		try {
			const client = new Retell({ apiKey: emulator.apiKey, baseURL: emulator.url, maxRetries: 0 });
			await expect(client.phoneNumber.list({ limit: 5000 })).rejects.toThrow();
			expect(emulator.contractViolations).toEqual([
				{ request: 'GET /v2/list-phone-numbers (OpenAPI: GET /v2/list-phone-numbers)', problems: ['query.limit must be <= 1000'] },
			]);
			// What test/support/setup/contract.ts would have turned into this test's failure.
			expect(takeContractViolations()).toEqual(emulator.contractViolations);
		} finally {
			await emulator.close();
		}
	});
});
