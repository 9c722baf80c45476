import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { voiceLocator } from '../../../shared/retell/fields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [{ ...voiceLocator, description: 'The voice to get' }];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const voiceId = getResourceId(this, 'voiceId', itemIndex, 'Voice ID');
	const voice = await retellRequest(this, client, async (retell) => await retell.voice.retrieve(voiceId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Voice',
	});
	return { ...voice };
}

export const operation = retellOperation({
	resource: 'voice',
	operation: 'get',
	option: {
		name: 'Get',
		description: 'Get a voice: its name, provider, gender, accent and preview audio',
		action: 'Get a voice',
	},
	docsUrl: apiReference('get-voice'),
	properties,
	execute,
});
