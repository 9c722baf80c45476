import type { INodeProperties } from 'n8n-workflow';

import * as addSources from './addSources.operation';
import * as create from './create.operation';
import * as deleteKnowledgeBase from './deleteKnowledgeBase.operation';
import * as deleteSource from './deleteSource.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { addSources, create, deleteKnowledgeBase, deleteSource, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['knowledgeBase'] } },
		options: [
			{
				name: 'Add Sources',
				value: 'addSources',
				description: 'Add texts, web pages or files to a knowledge base',
				action: 'Add sources to a knowledge base',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a knowledge base from texts, web pages and files, for LLMs to look answers up in',
				action: 'Create a knowledge base',
			},
			{
				name: 'Delete',
				value: 'deleteKnowledgeBase',
				description: 'Delete a knowledge base with all its sources',
				action: 'Delete a knowledge base',
			},
			{
				name: 'Delete Source',
				value: 'deleteSource',
				description: 'Remove one text, web page or file from a knowledge base',
				action: 'Delete a source from a knowledge base',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a knowledge base with its status and sources',
				action: 'Get a knowledge base',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List knowledge bases',
				action: 'Get many knowledge bases',
			},
		],
		default: 'create',
	},
	...addSources.description,
	...create.description,
	...deleteKnowledgeBase.description,
	...deleteSource.description,
	...get.description,
	...getAll.description,
];
