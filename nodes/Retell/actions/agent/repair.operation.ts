import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getResourceId } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { agentLocator } from '../../../shared/retell/fields';
import { versionOption } from '../common.descriptions';
import { readVersion } from '../updateFields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...agentLocator, description: 'The agent to repair' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				...versionOption,
				description:
					'The draft version to repair. By default Retell repairs the latest version. A published version cannot be repaired; when the LLM or conversation flow version the agent runs on is published, only the agent\'s own references are repaired.',
			},
		],
	},
];

/**
 * Repairing what is already repaired changes nothing ("Repairing an agent with nothing to fix is a no-op",
 * retell-sdk 5.66.1 `agent.repair`), so a lost answer may be sent again: a `write`.
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	const params = readVersion(this, itemIndex);
	const agent = await retellRequest(this, client, async (retell) => await retell.agent.repair(agentId, params), {
		kind: 'write',
		itemIndex,
		resourceLabel: 'Agent',
	});
	return toDataObject(agent);
}

export const operation = retellOperation({
	resource: 'agent',
	operation: 'repair',
	option: {
		name: 'Repair',
		description:
			"Remove a draft version's references to deleted knowledge bases, tools and shared components (in the agent and its LLM or conversation flow) and replace a voice that is no longer available with a default one",
		action: 'Repair an agent',
	},
	docsUrl: apiReference('repair-agent'),
	properties,
	execute,
});
