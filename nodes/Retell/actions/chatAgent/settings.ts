import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { fieldReader } from '../../../shared/parameters';
import { CHAT_EVENTS, chatEventOptions } from '../../../shared/retell/events';
import { omitBlank } from '../../../shared/validation';
import { agentSettingFields, readAgentSettings } from '../agent/settings';
import type { ChatAgentCreateParams } from './types';

/** The chat agent fields both Create and Update offer; the response engine is set apart. */
export type ChatAgentSettings = Omit<ChatAgentCreateParams, 'response_engine'>;

/**
 * Settings chat agents share with voice agents, under the same names and values (retell-sdk 5.66.1
 * `ChatAgentCreateParams`): the voice agent's inputs and checks, described for chats.
 */
const SHARED_WITH_VOICE: Record<string, string> = {
	agentName: 'A name for your own reference, shown in the Retell dashboard',
	dataStorageSetting: 'What Retell keeps of each chat: transcripts and logs, or less',
	language:
		'The language the agent writes and understands. For a multilingual agent, set "language" to an array of locales in Additional Fields (JSON).',
	timezone: 'IANA timezone of the agent. Retell uses America/Los_Angeles when none is set.',
	webhookTimeoutMs: 'How long Retell waits for the webhook to answer',
	webhookUrl:
		"Where Retell posts this agent's chat events, such as a Retell Trigger URL. It replaces the account-level webhook for this agent.",
};

const sharedFields: INodeProperties[] = Object.entries(SHARED_WITH_VOICE).map(([name, description]) => {
	const field = agentSettingFields.find((candidate) => candidate.name === name);
	if (!field) throw new Error(`The voice agent settings have no field "${name}"`);
	return { ...field, description };
});

const chatOnlyFields: INodeProperties[] = [
	{
		displayName: 'Auto Close Message',
		name: 'autoCloseMessage',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'Thanks for chatting with us. This conversation is now closed.',
		description: 'What the chat shows when Retell closes it on its own, e.g. after End Chat After Silence',
	},
	{
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased -- "ms" is a unit, as in n8n's HTTP Request
		displayName: 'End Chat After Silence (ms)',
		name: 'endChatAfterSilenceMs',
		type: 'number',
		typeOptions: { minValue: 120000, maxValue: 259200000 },
		default: 3600000,
		description: 'End the chat when the user has not written for this long after the agent did: 2 minutes to 72 hours',
	},
	{
		displayName: 'Post-Chat Analysis Data (JSON)',
		name: 'postChatAnalysisData',
		type: 'json',
		default: '[]',
		description:
			'What to extract from each chat once it ends, as a JSON array such as [{"type": "string", "name": "order_number", "description": "The order the user asks about"}]',
	},
	{
		displayName: 'Webhook Events',
		name: 'webhookEvents',
		type: 'multiOptions',
		options: chatEventOptions(),
		default: [],
		description: 'Which chat events Retell posts to the webhook URL. Retell sends Chat Started, Chat Ended and Chat Analyzed when none are chosen.',
	},
];

/** The options of the chat agent's "Additional Fields" / "Update Fields" collections. */
export const chatAgentSettingFields: INodeProperties[] = [...sharedFields, ...chatOnlyFields].sort((a, b) =>
	a.displayName.localeCompare(b.displayName),
);

/** The chat agent settings in a collection; the shared ones are read exactly as the voice agent reads them. */
export function readChatAgentSettings(node: INode, itemIndex: number, fields: IDataObject): ChatAgentSettings {
	const shared = Object.fromEntries(Object.entries(fields).filter(([name]) => name in SHARED_WITH_VOICE));
	const { agent_name, data_storage_setting, language, timezone, webhook_timeout_ms, webhook_url } = readAgentSettings(
		fieldReader(node, itemIndex, shared),
	);
	const read = fieldReader(node, itemIndex, fields);
	const settings: ChatAgentSettings = omitBlank({
		agent_name,
		auto_close_message: read.string('autoCloseMessage', 'Auto Close Message'),
		data_storage_setting,
		end_chat_after_silence_ms: read.number('endChatAfterSilenceMs', 'End Chat After Silence'),
		language,
		timezone,
		webhook_events: read.options('webhookEvents', CHAT_EVENTS, 'Webhook Events'),
		webhook_timeout_ms,
		webhook_url,
	});
	// Retell validates the nested analysis items itself; they go through as the user wrote them.
	const passThrough: IDataObject = omitBlank({
		post_chat_analysis_data: read.jsonObjects('postChatAnalysisData', 'Post-Chat Analysis Data (JSON)'),
	});
	return { ...settings, ...passThrough };
}
