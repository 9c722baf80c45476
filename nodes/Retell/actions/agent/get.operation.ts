import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldReader, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { agentLocator } from '../../../shared/retell/fields';
import { versionOption } from '../common.descriptions';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...agentLocator, description: 'The agent to get' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...versionOption, description: 'Get this version of the agent instead of the latest one' }],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
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

export const operation = retellOperation({
	resource: 'agent',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get an agent\'s full settings',
		action: 'Get an agent',
	},
	docsUrl: apiReference('get-agent'),
	properties,
	execute,
});
