import type { INodeProperties } from 'n8n-workflow';

import { metadataOptions } from '../call/callFields';

export type {
	ChatCreateChatCompletionParams,
	ChatCreateParams,
	ChatCreateSMSChatParams,
	ChatListParams,
	ChatUpdateParams,
} from '../../../shared/retell/transport/types';

/** The Metadata options of Create and Create SMS Chat: the call's, described for a chat. */
export const chatMetadataOptions: INodeProperties[] = metadataOptions.map((option) =>
	option.name === 'metadata'
		? {
				...option,
				description:
					'Your own data stored with the chat and returned in chat events and Get, e.g. crm_id. Retell does not use it.',
			}
		: option,
);
