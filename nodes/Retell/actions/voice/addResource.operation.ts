import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getOption, getString } from '../../../shared/parameters';
import { assertPresent } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';
import { COMMUNITY_PROVIDERS, providerProperty, readVoiceName, voiceNameProperty, type VoiceAddParams } from './providers';

const properties: INodeProperties[] = [
	providerProperty(COMMUNITY_PROVIDERS, 'Whose community library the voice comes from'),
	{
		displayName: 'Provider Voice ID',
		name: 'providerVoiceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'XB0fDUnXU5powFXDhCwa',
		description: 'The provider_voice_id of the voice, e.g. from Voice → Search',
	},
	{
		displayName: 'Public User ID',
		name: 'publicUserId',
		type: 'string',
		required: true,
		default: '',
		description: 'The public_user_id of the voice\'s owner, e.g. from Voice → Search. ElevenLabs needs it to find the voice.',
		displayOptions: { show: { voiceProvider: ['elevenlabs'] } },
	},
	voiceNameProperty,
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const provider = getOption(this, 'voiceProvider', COMMUNITY_PROVIDERS, itemIndex);
	const body: VoiceAddParams = {
		voice_provider: provider,
		provider_voice_id: assertPresent(node, getString(this, 'providerVoiceId', itemIndex), 'Provider Voice ID', itemIndex),
		voice_name: readVoiceName(this, itemIndex),
		// "Required for ElevenLabs only" (SDK 5.66.1 VoiceAddResourceParams.public_user_id).
		...(provider === 'elevenlabs'
			? { public_user_id: assertPresent(node, getString(this, 'publicUserId', itemIndex), 'Public User ID', itemIndex) }
			: {}),
	};
	const voice = await retellRequest(this, client, async (retell) => await retell.voice.addResource(body), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(voice);
}

export const operation = retellOperation({
	resource: 'voice',
	operation: 'addResource',
	option: {
		name: 'Add',
		description:
			'Add a voice from a provider\'s community library (found with Search) to your account, so agents can speak with its voice_id',
		action: 'Add a community voice',
	},
	docsUrl: apiReference('add-voice'),
	properties,
	execute,
});
