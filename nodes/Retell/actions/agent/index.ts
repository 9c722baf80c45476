import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteAgent from './deleteAgent.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getVersions from './getVersions.operation';
import * as provision from './provision.operation';
import * as publish from './publish.operation';
import * as update from './update.operation';

export const operations = { create, deleteAgent, get, getAll, getVersions, provision, publish, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agent'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a voice agent on a Retell LLM, a conversation flow or a custom LLM',
				action: 'Create an agent',
			},
			{
				name: 'Delete',
				value: 'deleteAgent',
				description: 'Delete an agent and all its versions',
				action: 'Delete an agent',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an agent\'s full settings',
				action: 'Get an agent',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List voice agents (name and ID), optionally filtered by a search text',
				action: 'Get many agents',
			},
			{
				name: 'Get Versions',
				value: 'getVersions',
				description: 'List the versions of an agent and whether each is published',
				action: 'Get versions of an agent',
			},
			{
				name: 'Provision',
				value: 'provision',
				description:
					'Create an LLM with a prompt, an agent on it and optionally buy a phone number for it, in one step; undone if a step fails',
				action: 'Provision an agent with its LLM and phone number',
			},
			{
				name: 'Publish',
				value: 'publish',
				description: 'Publish a draft version of an agent, so calls use it',
				action: 'Publish an agent version',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change some settings of an agent; the others stay as they are',
				action: 'Update an agent',
			},
		],
		default: 'create',
	},
	...create.description,
	...deleteAgent.description,
	...get.description,
	...getAll.description,
	...getVersions.description,
	...provision.description,
	...publish.description,
	...update.description,
];
