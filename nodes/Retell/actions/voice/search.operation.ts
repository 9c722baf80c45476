import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { getOption, getString } from '../../../shared/parameters';
import { assertPresent } from '../../../shared/validation';
import type { RetellClient } from '../../../shared/retell/transport';
import { listUnpaged } from '../../../shared/retell/transport/pages';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';
import { COMMUNITY_PROVIDERS, providerProperty, type VoiceSearchParams } from './providers';

const properties: INodeProperties[] = [
	{
		displayName: 'Search Query',
		name: 'searchQuery',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'warm British receptionist',
		description: 'Words from the voice\'s name or description, or the provider\'s voice ID',
	},
	providerProperty(COMMUNITY_PROVIDERS, 'Whose community voice library to search'),
	returnAllProperty,
	limitProperty,
];

/** Retell answers every match at once (`{voices}`, not paginated), so the Limit is applied here. */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const body: VoiceSearchParams = {
		search_query: assertPresent(this.getNode(), getString(this, 'searchQuery', itemIndex), 'Search Query', itemIndex),
		voice_provider: getOption(this, 'voiceProvider', COMMUNITY_PROVIDERS, itemIndex),
	};
	const limit = readLimit(this, itemIndex);
	return await listUnpaged(this, client, async (retell) => (await retell.voice.search(body)).voices, { limit, itemIndex });
}

export const operation = retellOperation({
	resource: 'voice',
	operation: 'search',
	option: {
		name: 'Search',
		description:
			'Find voices in a provider\'s community library by name or description; Add puts one in your account with its provider_voice_id (and public_user_id for ElevenLabs)',
		action: 'Search community voices',
	},
	docsUrl: apiReference('search-community-voice'),
	properties,
	execute,
});
