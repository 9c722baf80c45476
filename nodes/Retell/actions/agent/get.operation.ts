import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldReader, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../transport';
import { agentLocator } from '../common.descriptions';
import { agentVersionOption } from './version';

const properties: INodeProperties[] = [
	{ ...agentLocator, description: 'The agent to get' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...agentVersionOption, description: 'Get this version of the agent instead of the latest one' }],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['agent'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	const read = fieldReader(this.getNode(), itemIndex, this.getNodeParameter('options', itemIndex, {}));
	const query = omitBlank({ version: read.number('version', 'Version') });
	const agent = await retellRequest(this, client, async (retell) => await retell.agent.retrieve(agentId, query), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Agent',
	});
	return { ...agent };
}
