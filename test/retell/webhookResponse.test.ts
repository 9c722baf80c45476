import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Retell } from '../../nodes/Retell/Retell.node';
import {
	buildFunctionResult,
	buildInboundCallResponse,
	FUNCTION_RESULT_LIMIT,
	fitFunctionResult,
} from '../../nodes/shared/retell/responses';
import { runNode, type WorkflowRun } from '../support/harness';

/**
 * Webhook Response makes no request: every run here has NO credential fixture, so any attempt to read
 * the Retell credential would fail the run.
 */
async function webhookResponse(
	operation: 'buildFunctionResult' | 'buildInboundCallResponse',
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
): Promise<WorkflowRun> {
	return await runNode('retell', { resource: 'webhookResponse', operation, ...parameters }, { input });
}

const MARKER = /… \[truncated: \d+ characters, only the first part is shown\]$/;

/** The body n8n sends Retell for the last node's first item (responseData firstEntryJson). */
const sentBody = (run: WorkflowRun) => JSON.stringify(run.json()[0]);

describe('fitFunctionResult', () => {
	it('leaves answers within the limit unchanged', () => {
		expect(fitFunctionResult({ a: 1 })).toEqual({ result: { a: 1 }, truncated: false, length: 7 });
		const exact = 'x'.repeat(FUNCTION_RESULT_LIMIT);
		expect(fitFunctionResult(exact)).toEqual({ result: exact, truncated: false, length: FUNCTION_RESULT_LIMIT });
	});

	it('cuts longer answers to the limit, ending with a marker', () => {
		const fitted = fitFunctionResult('y'.repeat(20_000));
		expect(fitted.truncated).toBe(true);
		expect(fitted.length).toBe(20_000);
		expect(typeof fitted.result === 'string' && fitted.result.length).toBe(FUNCTION_RESULT_LIMIT);
		expect(String(fitted.result)).toMatch(/… \[truncated: 20000 characters, only the first part is shown\]$/);
	});

	it('cuts objects as their JSON text, and never splits an emoji', () => {
		const fitted = fitFunctionResult({ items: '👋'.repeat(100) }, 120);
		expect(typeof fitted.result).toBe('string');
		const text = String(fitted.result);
		expect(text.length).toBeLessThanOrEqual(120);
		expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
	});
});

describe('buildInboundCallResponse', () => {
	it('wraps flat fields, dropping everything Retell does not read, and stringifies variable values', () => {
		expect(
			buildInboundCallResponse({
				from_number: '+14155550123',
				override_agent_id: ' agent_vip ',
				override_agent_version: '2',
				dynamic_variables: { name: 'Ada', visits: 3, vip: true, tags: ['a'], unknown: null },
				metadata: { crm_id: 42 },
			}),
		).toEqual({
			ok: true,
			value: {
				call_inbound: {
					override_agent_id: 'agent_vip',
					override_agent_version: 2,
					dynamic_variables: { name: 'Ada', visits: '3', vip: 'true', tags: '["a"]', unknown: '' },
					metadata: { crm_id: 42 },
				},
			},
		});
	});

	it('accepts an already wrapped answer and keeps fields it does not know inside it', () => {
		expect(buildInboundCallResponse({ call_inbound: { override_agent_id: '', reject: true }, other: 1 })).toEqual({
			ok: true,
			value: { call_inbound: { reject: true } },
		});
	});

	it('takes a version tag as Retell does (OpenAPI AgentVersionReference), and digits as a number', () => {
		expect(buildInboundCallResponse({ override_agent_version: 'latest_published' })).toEqual({
			ok: true,
			value: { call_inbound: { override_agent_version: 'latest_published' } },
		});
		expect(buildInboundCallResponse({ override_agent_version: ' 7 ' })).toEqual({ ok: true, value: { call_inbound: { override_agent_version: 7 } } });
	});

	it('answers an empty call_inbound (keep the number\'s agent) for an empty item', () => {
		expect(buildInboundCallResponse({})).toEqual({ ok: true, value: { call_inbound: {} } });
	});

	it.each([
		[{ override_agent_id: 12 }, '"override_agent_id" must be an agent ID string'],
		[{ override_agent_version: 'Latest Published' }, '"override_agent_version" must be a whole number or a version tag such as "latest_published"'],
		[{ override_agent_version: 1.5 }, '"override_agent_version" must be a whole number or a version tag such as "latest_published"'],
		[{ dynamic_variables: 'name=Ada' }, '"dynamic_variables" must be an object'],
		[{ metadata: [1] }, '"metadata" must be an object'],
	])('refuses %j', (input, message) => {
		expect(buildInboundCallResponse(input)).toEqual({ ok: false, message });
	});
});

describe('buildFunctionResult', () => {
	it('wraps the answer as {result} and leaves it alone when the whole body fits', () => {
		expect(buildFunctionResult({ status: 'shipped' })).toEqual({
			json: { result: { status: 'shipped' } },
			truncated: false,
			length: 31,
		});
		const exact = 'x'.repeat(FUNCTION_RESULT_LIMIT - '{"result":""}'.length);
		expect(buildFunctionResult(exact)).toMatchObject({ json: { result: exact }, truncated: false });
	});

	it('counts the envelope and JSON escapes, so the sent body never passes the limit', () => {
		for (const text of ['x'.repeat(20_000), '"quoted"\n\\'.repeat(3_000), '\u0001'.repeat(5_000), '👋'.repeat(9_000)]) {
			const fitted = buildFunctionResult(text);
			const body = JSON.stringify(fitted.json);
			expect(fitted.truncated).toBe(true);
			expect(body.length).toBeLessThanOrEqual(FUNCTION_RESULT_LIMIT);
			// As long as it may be: one more character of the text would not fit.
			expect(body.length).toBeGreaterThan(FUNCTION_RESULT_LIMIT - 6);
			expect(String(fitted.json.result)).toMatch(MARKER);
			expect(String(fitted.json.result)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
		}
	});

	it('sends a missing answer as empty text, and dates as n8n would send them', () => {
		expect(buildFunctionResult(undefined).json).toEqual({ result: '' });
		expect(buildFunctionResult({ at: new Date('2026-01-02T03:04:05.000Z'), gone: undefined }).json).toEqual({
			result: { at: '2026-01-02T03:04:05.000Z' },
		});
	});
});

describe('Webhook Response → Build Inbound Call Response', () => {
	it('wraps everything in call_inbound, stringifies the variables and omits a blank override agent', async () => {
		const run = await webhookResponse(
			'buildInboundCallResponse',
			{
				dynamicVariables: {
					variable: [
						{ name: 'customer_name', value: '={{ $json.name }}' },
						{ name: 'visits', value: '={{ $json.visits }}' },
						{ name: 'vip', value: '={{ $json.vip }}' },
						{ name: 'balance', value: '={{ $json.balance }}' },
						{ name: 'tags', value: '={{ $json.tags }}' },
					],
				},
			},
			[{ name: 'Ada', visits: 3, vip: false, balance: null, tags: ['gold'] }],
		);

		expect(run.status).toBe('success');
		expect(run.json()).toEqual([
			{
				call_inbound: {
					dynamic_variables: { customer_name: 'Ada', visits: '3', vip: 'false', balance: '', tags: '["gold"]' },
				},
			},
		]);
	});

	it('sets the override agent, its version, metadata and an agent override, one answer per item', async () => {
		const run = await webhookResponse(
			'buildInboundCallResponse',
			{
				overrideAgentId: { __rl: true, mode: 'id', value: '={{ $json.agent }}' },
				dynamicVariablesInput: 'json',
				dynamicVariablesJson: '={{ { tier: $json.tier, score: $json.score } }}',
				options: {
					metadataJson: '={{ JSON.stringify({ crm_id: $json.crm_id }) }}',
					overrideAgentVersion: '={{ $json.tier === "gold" ? 4 : "latest_published" }}',
					agentOverride: '{"retell_llm": {"begin_message": "Welcome back!"}, "agent": {"voice_id": "11labs-Adrian"}}',
				},
			},
			[
				{ agent: 'agent_vip000000', tier: 'gold', score: 9.5, crm_id: 42 },
				{ agent: ' ', tier: 'new', score: 0, crm_id: 43 },
			],
		);

		const agentOverride = { retell_llm: { begin_message: 'Welcome back!' }, agent: { voice_id: '11labs-Adrian' } };
		expect(run.json()).toEqual([
			{
				call_inbound: {
					override_agent_id: 'agent_vip000000',
					override_agent_version: 4,
					dynamic_variables: { tier: 'gold', score: '9.5' },
					metadata: { crm_id: 42 },
					agent_override: agentOverride,
				},
			},
			{
				call_inbound: {
					override_agent_version: 'latest_published',
					dynamic_variables: { tier: 'new', score: '0' },
					metadata: { crm_id: 43 },
					agent_override: agentOverride,
				},
			},
		]);
		expect(run.items().map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('answers an empty call_inbound when nothing is set, which keeps the number\'s inbound agent', async () => {
		const run = await webhookResponse('buildInboundCallResponse', {});
		expect(run.json()).toEqual([{ call_inbound: {} }]);
	});

	it.each([
		[
			'invalid metadata JSON',
			{ options: { metadataJson: '={{ $json.bad ? "{crm_id: 42" : "{}" }}' } },
			'Metadata (JSON) is not valid JSON',
		],
		[
			'invalid dynamic variables JSON',
			{ dynamicVariablesInput: 'json', dynamicVariablesJson: '={{ $json.bad ? "[1]" : "{}" }}' },
			'Dynamic Variables (JSON) must be a JSON object',
		],
		[
			'an agent override part Retell does not know',
			{ options: { agentOverride: '={{ $json.bad ? \'{"llm": {} }\' : "{}" }}' } },
			'Agent Override (JSON) has an unknown part "llm"',
		],
		[
			'a fractional agent version',
			{ options: { overrideAgentVersion: '={{ $json.bad ? 1.5 : 1 }}' } },
			'Override Agent Version must be a whole number or a version tag such as latest_published',
		],
	])('fails on %s with the item index and outputs nothing', async (_label, parameters, message) => {
		const run = await webhookResponse('buildInboundCallResponse', parameters as INodeParameters, [{ bad: false }, { bad: true }]);

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(message);
		expect(run.error?.context.itemIndex).toBe(1);
		expect(run.items()).toEqual([]);
	});
});

describe('Webhook Response → Build Function Result', () => {
	it('answers with the whole input item by default', async () => {
		const run = await webhookResponse('buildFunctionResult', {}, [{ order_id: 'A-17', status: 'shipped' }]);
		expect(run.json()).toEqual([{ result: { order_id: 'A-17', status: 'shipped' } }]);
	});

	it('answers with text as text', async () => {
		const run = await webhookResponse('buildFunctionResult', { result: '=Order {{ $json.order_id }} ships Monday.' }, [
			{ order_id: 'A-17' },
		]);
		expect(run.json()).toEqual([{ result: 'Order A-17 ships Monday.' }]);
	});

	it('leaves a result that fits untouched, to the last character', async () => {
		const text = 'y'.repeat(FUNCTION_RESULT_LIMIT - '{"result":""}'.length);
		const run = await webhookResponse('buildFunctionResult', { result: '={{ $json.text }}' }, [{ text }]);
		expect(run.json()).toEqual([{ result: text }]);
		expect(sentBody(run)).toHaveLength(FUNCTION_RESULT_LIMIT);
	});

	it('cuts a long text so the body Retell receives fits, and says so at the end', async () => {
		const text = `${'Line with "quotes".\n'.repeat(1_000)}THE END`;
		const run = await webhookResponse('buildFunctionResult', { result: '={{ $json.text }}' }, [{ text }]);

		const [json] = run.json();
		expect(Object.keys(json)).toEqual(['result']);
		expect(String(json.result)).toMatch(/^Line with "quotes"\.\n/);
		expect(String(json.result)).toMatch(MARKER);
		expect(String(json.result)).not.toContain('THE END');
		expect(sentBody(run).length).toBeLessThanOrEqual(FUNCTION_RESULT_LIMIT);
	});

	it('cuts a long object as its JSON text', async () => {
		const rows = Array.from({ length: 500 }, (_, index) => ({ sku: `SKU-${index}`, name: 'A product with a long name' }));
		const run = await webhookResponse('buildFunctionResult', {}, [{ rows }]);

		const [json] = run.json();
		expect(typeof json.result).toBe('string');
		expect(String(json.result)).toMatch(/^\{"rows":\[\{"sku":"SKU-0","name":"A product with a long name"\}/);
		expect(String(json.result)).toMatch(MARKER);
		expect(sentBody(run).length).toBeLessThanOrEqual(FUNCTION_RESULT_LIMIT);
	});
});

describe('Webhook Response in the node description', () => {
	const { description } = new Retell();

	it('needs no Retell credential and offers no Concurrency (it never calls Retell)', () => {
		expect(description.credentials).toEqual([
			{ name: 'retellApi', required: true, displayOptions: { hide: { resource: ['webhookResponse'] } } },
		]);
		const options = description.properties.filter(
			(property) => property.name === 'options' && property.displayOptions?.show?.resource?.includes('webhookResponse'),
		);
		const names = options.flatMap((property) => (property.options ?? []).map((option) => option.name));
		expect(names).not.toContain('concurrency');
	});
});
