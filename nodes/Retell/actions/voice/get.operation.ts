import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';
import { retellRequest, type RetellClient } from '../../transport';
import { voiceLocator } from '../common.descriptions';

const properties: INodeProperties[] = [{ ...voiceLocator, description: 'The voice to get' }];

export const description = updateDisplayOptions({ show: { resource: ['voice'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const voiceId = getResourceId(this, 'voiceId', itemIndex, 'Voice ID');
	const voice = await retellRequest(this, client, async (retell) => await retell.voice.retrieve(voiceId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Voice',
	});
	return { ...voice };
}
