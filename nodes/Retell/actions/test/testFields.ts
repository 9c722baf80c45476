import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toRetellText } from '../../../shared/dataObject';
import { type FieldReader, getString, keysOf, optionsFrom } from '../../../shared/parameters';
import { assertPresent, omitBlank } from '../../../shared/validation';
import { LLM_MODEL_NAMES } from '../llm/models';
import { readToolMocks, toolMocksProperty } from '../toolMocks';
import type { SimulationModel, TestCaseCreateParams } from './types';

/** The IDs of simulation testing: typed, or mapped from the operation that returned them. */
function idProperty(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: '', description };
}

export const testCaseIdProperty = idProperty(
	'Test Case ID',
	'testCaseId',
	'The test_case_definition_id Retell returned on Create Test Case, or from Get Many Test Cases',
);

export const batchTestIdProperty = idProperty(
	'Batch Test ID',
	'batchTestId',
	'The test_case_batch_job_id Retell returned on Run Batch Test, or from Get Many Batch Tests',
);

export const testRunIdProperty = idProperty(
	'Test Run ID',
	'testRunId',
	'The test_case_job_id of one run, from Get Many Test Runs',
);

export function readId(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	return assertPresent(context.getNode(), getString(context, name, itemIndex), label, itemIndex);
}

export const nameProperty: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	placeholder: 'Caller wants a refund',
	description: 'A name for the test case, shown in the dashboard and on every run',
};

export const userPromptProperty: INodeProperties = {
	displayName: 'User Prompt',
	name: 'userPrompt',
	type: 'string',
	typeOptions: { rows: 6 },
	default: '',
	placeholder: '## Identity\nYour name is Mike. Your order number is 7891273.\n## Goal\nReturn the package and get a refund.',
	description:
		'Who the simulated user is and what they want, which an LLM plays against the agent: identity, goal, personality (see <a href="https://docs.retellai.com/test/llm-simulation-testing" target="_blank">simulation testing</a>)',
};

export const metricsProperty: INodeProperties = {
	displayName: 'Metrics',
	name: 'metrics',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	placeholder: 'The caller received a refund.\nThe agent called end_call at the end.',
	description:
		'The criteria each run is graded on, one per line (or a list from an expression). A run passes when the conversation meets them.',
};

/** Retell's text models play the simulated user: retell-sdk 5.66.1 declares the same union for `llm_model` and an LLM's `model`. */
const SIMULATION_MODELS: Record<SimulationModel, string> = LLM_MODEL_NAMES;

/** The optional settings of a test case, for Create's Additional Fields and Update's Update Fields. */
export const testCaseSettingFields: INodeProperties[] = [
	{
		displayName: 'Dynamic Variables (JSON)',
		name: 'dynamicVariables',
		type: 'json',
		default: '{}',
		description:
			'Values for the {{variables}} in the agent\'s prompt during the simulation, e.g. {"customer_name": "Mike"}. Numbers and booleans are sent as text.',
	},
	{
		displayName: 'Simulation Model',
		name: 'llmModel',
		type: 'options',
		options: optionsFrom(SIMULATION_MODELS),
		default: 'gpt-4.1',
		description: 'The LLM that plays the simulated user',
	},
	toolMocksProperty('so runs do not call live integrations'),
];

/** Metrics as lines of text or a list (from an expression); blank lines dropped. */
export function parseMetrics(value: unknown): string[] {
	const entries = Array.isArray(value) ? value.map(toRetellText) : toRetellText(value).split(/\r?\n/);
	return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

export function requireMetrics(node: INode, value: unknown, itemIndex: number): string[] {
	const metrics = parseMetrics(value);
	if (metrics.length === 0) {
		throw new NodeOperationError(node, 'Metrics is required', {
			itemIndex,
			description: 'Give at least one criterion the runs are graded on, one per line.',
		});
	}
	return metrics;
}

function readDynamicVariables(fields: FieldReader): Record<string, string> | undefined {
	const variables = fields.jsonObject('dynamicVariables', 'Dynamic Variables (JSON)');
	if (!variables || Object.keys(variables).length === 0) return undefined;
	return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, toRetellText(value)]));
}

/** The optional settings the user added, in Retell's names; blank ones left out. */
export function readTestCaseSettings(
	node: INode,
	fields: FieldReader,
	itemIndex: number,
): Pick<TestCaseCreateParams, 'dynamic_variables' | 'llm_model' | 'tool_mocks'> {
	return omitBlank({
		dynamic_variables: readDynamicVariables(fields),
		llm_model: fields.option('llmModel', keysOf(SIMULATION_MODELS), 'Simulation Model'),
		tool_mocks: readToolMocks(node, fields, itemIndex),
	});
}

