import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldReader, getNumber, getResourceId } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { lostAnswerFields, publishAgentVersion } from '../../../shared/retell/transport/checkedWrite';
import { type RetellClient } from '../../../shared/retell/transport';
import type { AgentPublishParams } from '../../../shared/retell/transport/types';
import { agentLocator } from '../../../shared/retell/fields';
import { versionOption } from '../common.descriptions';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...agentLocator, description: 'The agent whose draft version to publish' },
	{
		...versionOption,
		required: true,
		description: 'The draft version to publish. Get Versions lists them; Get returns the latest one.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Version Description',
				name: 'versionDescription',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'What changed in this version, for your own reference',
			},
			{
				displayName: 'Version Title',
				name: 'versionTitle',
				type: 'string',
				default: '',
				description: 'A short title for this version, for your own reference',
			},
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	const version = getNumber(this, 'version', itemIndex);
	if (version === undefined || !Number.isInteger(version) || version < 0) {
		throw new NodeOperationError(node, 'Version must be a whole number of 0 or more', { itemIndex });
	}
	const read = fieldReader(node, itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}));
	const body: AgentPublishParams = {
		version,
		...omitBlank({
			version_title: read.string('versionTitle', 'Version Title'),
			version_description: read.string('versionDescription', 'Version Description'),
		}),
	};
	const outcome = await publishAgentVersion(this, client, agentId, body, { itemIndex, resourceLabel: 'Agent' });
	return { published: true, agent_id: agentId, ...body, ...lostAnswerFields(outcome) };
}

export const operation = retellOperation({
	resource: 'agent',
	operation: 'publish',
	option: {
		name: 'Publish',
		description: 'Publish a draft version of an agent, so calls use it',
		action: 'Publish an agent version',
	},
	docsUrl: apiReference('publish-agent-version'),
	properties,
	execute,
});
