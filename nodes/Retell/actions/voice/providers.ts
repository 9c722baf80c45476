import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getString } from '../../../shared/parameters';
import { assertPresent } from '../../../shared/validation';

import type { VoiceCloneParams, VoiceSearchParams } from '../../../shared/retell/transport/types';

export type { VoiceAddResourceParams as VoiceAddParams, VoiceCloneParams, VoiceSearchParams } from '../../../shared/retell/transport/types';

type CommunityProvider = NonNullable<VoiceSearchParams['voice_provider']>;
type CloneProvider = VoiceCloneParams['voice_provider'];

/** The providers whose community libraries Retell searches and adds from (SDK 5.66.1 VoiceSearchParams, VoiceAddResourceParams). */
export const COMMUNITY_PROVIDERS: readonly CommunityProvider[] = ['elevenlabs', 'cartesia', 'minimax', 'fish_audio', 'inworld'];
/** The providers Retell clones with (SDK 5.66.1 VoiceCloneParams); `platform` is Retell's own. */
export const CLONE_PROVIDERS: readonly CloneProvider[] = ['elevenlabs', 'cartesia', 'minimax', 'fish_audio', 'platform', 'inworld'];

const PROVIDER_NAMES: Record<CloneProvider, string> = {
	cartesia: 'Cartesia',
	elevenlabs: 'ElevenLabs',
	fish_audio: 'Fish Audio',
	inworld: 'Inworld',
	minimax: 'MiniMax',
	platform: 'Retell (Platform)',
};

function providerOptions(providers: readonly CloneProvider[]): INodePropertyOptions[] {
	return providers
		.map((value) => ({ name: PROVIDER_NAMES[value], value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export function providerProperty(providers: readonly CloneProvider[], description: string): INodeProperties {
	return {
		displayName: 'Provider',
		name: 'voiceProvider',
		type: 'options',
		options: providerOptions(providers),
		default: 'elevenlabs',
		description,
	};
}

/** "Required string length: 1 - 200" (https://docs.retellai.com/api-references/add-voice, clone-voice). */
const MAX_VOICE_NAME_LENGTH = 200;

export const voiceNameProperty: INodeProperties = {
	displayName: 'Voice Name',
	name: 'voiceName',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'Support – Charlotte',
	description: 'How the voice is listed in your Retell account (at most 200 characters)',
};

export function readVoiceName(context: IExecuteFunctions, itemIndex: number): string {
	const name = assertPresent(context.getNode(), getString(context, 'voiceName', itemIndex), 'Voice Name', itemIndex);
	if (name.length > MAX_VOICE_NAME_LENGTH) {
		throw new NodeOperationError(context.getNode(), `Voice Name must be at most ${MAX_VOICE_NAME_LENGTH} characters`, {
			itemIndex,
			description: `It has ${name.length}.`,
		});
	}
	return name;
}
