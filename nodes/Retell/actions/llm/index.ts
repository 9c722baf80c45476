import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteLlm from './deleteLlm.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { create, deleteLlm, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['llm'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a Retell LLM: the prompt, model and tools an agent talks with',
				action: 'Create an LLM',
			},
			{
				name: 'Delete',
				value: 'deleteLlm',
				description: 'Delete a Retell LLM that no agent uses',
				action: 'Delete an LLM',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a Retell LLM with its prompt, model and tools',
				action: 'Get an LLM',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List Retell LLMs',
				action: 'Get many LLM response engines',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change some settings of a Retell LLM; the others stay as they are',
				action: 'Update an LLM',
			},
		],
		default: 'create',
	},
	...create.description,
	...deleteLlm.description,
	...get.description,
	...getAll.description,
	...update.description,
];
