import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import type { FieldReader } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { apiReference } from '../../../shared/retell/docs';
import { conversationFlowLocator, llmLocator, optionalLocator } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { retellOperation } from '../node.type';
import { readUpdate } from '../updateFields';
import {
	metricsProperty,
	nameProperty,
	parseMetrics,
	readId,
	readTestCaseSettings,
	testCaseIdProperty,
	testCaseSettingFields,
	userPromptProperty,
} from './testFields';
import type { TestCaseUpdateParams, TestResponseEngine } from './types';

const DOCS_URL = apiReference('update-test-case-definition');

const updateFields: INodeProperties[] = withJsonOption(
	[
		nameProperty,
		userPromptProperty,
		{ ...metricsProperty, description: `${metricsProperty.description} Replaces all the metrics.` },
		...testCaseSettingFields,
		{
			...optionalLocator(conversationFlowLocator),
			description: 'Move the test case to this conversation flow',
		},
		{ ...optionalLocator(llmLocator), displayName: 'Retell LLM', description: 'Move the test case to this Retell LLM' },
	],
	DOCS_URL,
);

const properties: INodeProperties[] = [
	testCaseIdProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are changed; the rest of the test case stays as it is',
		options: updateFields,
	},
];

function readEngineChange(context: IExecuteFunctions, itemIndex: number, fields: FieldReader): TestResponseEngine | undefined {
	const llmId = fields.resourceId('llmId');
	const conversationFlowId = fields.resourceId('conversationFlowId');
	if (llmId && conversationFlowId) {
		throw new NodeOperationError(context.getNode(), 'Set either Retell LLM or Conversation Flow, not both', {
			itemIndex,
			description: 'A test case belongs to one response engine.',
		});
	}
	if (llmId) return { type: 'retell-llm', llm_id: llmId };
	if (conversationFlowId) return { type: 'conversation-flow', conversation_flow_id: conversationFlowId };
	return undefined;
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const testCaseId = readId(this, 'testCaseId', 'Test Case ID', itemIndex);
	const body: TestCaseUpdateParams = readUpdate(this, itemIndex, {
		read: (fields) => {
			const metrics = parseMetrics(this.getNodeParameter('updateFields.metrics', itemIndex, ''));
			return {
				...omitBlank({
					name: fields.string('name', 'Name'),
					user_prompt: fields.string('userPrompt', 'User Prompt'),
					metrics: metrics.length > 0 ? metrics : undefined,
					response_engine: readEngineChange(this, itemIndex, fields),
				}),
				...readTestCaseSettings(node, fields, itemIndex),
				...readAdditionalJson(fields),
			};
		},
		nothing: { message: 'Nothing to update: add at least one field under Update Fields' },
	});
	const testCase = await retellRequest(
		this,
		client,
		async (retell) => await retell.tests.updateTestCaseDefinition(testCaseId, body),
		{ kind: 'write', itemIndex, resourceLabel: 'Test case' },
	);
	return toDataObject(testCase);
}

export const operation = retellOperation({
	resource: 'test',
	operation: 'updateTestCase',
	option: {
		name: 'Update Test Case',
		description: 'Change some fields of a simulation test case; the others stay as they are',
		action: 'Update a test case',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
