import type { INodeParameters } from 'n8n-workflow';
import { resolveWebhookDescriptionField, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';

import { buildTestWorkflow } from '../support/harness';
import { retellWebhook } from '../../nodes/RetellTrigger/descriptions';

const FIELDS = ['httpMethod', 'path', 'responseMode', 'responseData', 'responsePropertyName'];

/** Every combination the Mode, HTTP Method, Acknowledge, Respond and Response Field parameters can make. */
const PARAMETER_SETS: INodeParameters[] = [
	{ mode: 'callEvents' },
	{ mode: 'callEvents', acknowledge: 'afterWorkflow' },
	{ mode: 'callEvents', acknowledge: 'immediately' },
	{ mode: 'inboundCall' },
	{ mode: 'inboundCall', respond: 'responseNode' },
	{ mode: 'inboundCall', respond: 'lastNode' },
	// Left over from another mode: Call Events ignores it.
	{ mode: 'callEvents', respond: 'responseNode' },
	{ mode: 'customFunction', respond: 'responseNode', functionOptions: { responseField: 'result' } },
	...['POST', 'GET', 'PUT', 'PATCH', 'DELETE'].flatMap((httpMethod) => [
		{ mode: 'customFunction', httpMethod },
		{ mode: 'customFunction', httpMethod, functionOptions: { responseField: 'result' } },
		{ mode: 'customFunction', httpMethod, functionOptions: { responseField: '' } },
	]),
];

function triggerWith(parameters: INodeParameters) {
	const { workflow, startNode } = buildTestWorkflow({ trigger: { type: 'retellTrigger', parameters }, nodes: [] });
	return { workflow, node: workflow.getNode(startNode.name)! };
}

describe('Retell Trigger webhook description', () => {
	it('is resolved by n8n without the expression engine', () => {
		expect(webhookDescriptionIsNativelyResolvable(retellWebhook)).toBe(true);
	});

	it.each(PARAMETER_SETS.map((parameters) => [JSON.stringify(parameters), parameters]))(
		'gives the same answer natively and as an expression for %s',
		(_, parameters) => {
			const { workflow, node } = triggerWith(parameters);
			for (const field of FIELDS) {
				const native = resolveWebhookDescriptionField(node, retellWebhook, field);
				const template = retellWebhook[field] as string;
				expect(template).toMatch(/^=\{\{.*\}\}$/s);
				const evaluated = workflow.expression.getSimpleParameterValue(node, template, 'webhook', {});
				expect(native).toEqual({ resolved: true, value: evaluated });
			}
		},
	);

	it('gives each mode its own path, method and response mode', () => {
		const resolve = (parameters: INodeParameters) => {
			const { node } = triggerWith(parameters);
			return Object.fromEntries(
				FIELDS.map((field) => {
					const native = resolveWebhookDescriptionField(node, retellWebhook, field);
					return [field, native.resolved ? native.value : 'not resolved'];
				}),
			);
		};
		expect(resolve({ mode: 'callEvents' })).toEqual({
			httpMethod: 'POST',
			path: 'events',
			responseMode: 'onReceived',
			responseData: 'noData',
			responsePropertyName: undefined,
		});
		expect(resolve({ mode: 'callEvents', acknowledge: 'afterWorkflow' })).toMatchObject({ responseMode: 'lastNode' });
		expect(resolve({ mode: 'inboundCall' })).toEqual({
			httpMethod: 'POST',
			path: 'inbound',
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
			responsePropertyName: undefined,
		});
		expect(resolve({ mode: 'inboundCall', respond: 'responseNode' })).toMatchObject({ responseMode: 'responseNode' });
		expect(resolve({ mode: 'customFunction', respond: 'responseNode' })).toMatchObject({ responseMode: 'responseNode' });
		expect(resolve({ mode: 'callEvents', respond: 'responseNode' })).toMatchObject({ responseMode: 'onReceived' });
		expect(resolve({ mode: 'customFunction', httpMethod: 'GET', functionOptions: { responseField: 'result' } })).toEqual({
			httpMethod: 'GET',
			path: 'function',
			responseMode: 'lastNode',
			responseData: 'firstEntryJson',
			responsePropertyName: 'result',
		});
	});

	it('falls back to the expression engine when a parameter is an expression', () => {
		const { workflow, node } = triggerWith({ mode: 'customFunction', httpMethod: '={{ "PUT" }}' });
		expect(resolveWebhookDescriptionField(node, retellWebhook, 'httpMethod')).toEqual({ resolved: false });
		expect(workflow.expression.getSimpleParameterValue(node, retellWebhook.httpMethod, 'webhook', {})).toBe('PUT');
	});
});
