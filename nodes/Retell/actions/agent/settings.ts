import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { type FieldReader, keysOf, optionsFrom } from '../../../shared/parameters';
import { omitBlank } from '../../../shared/validation';
import { CALL_EVENTS, callEventOptions } from '../../../shared/retell/events';
import type { AgentCreateParams } from '../../../shared/retell/transport/types';
import { analysisFields, leadAnalysisFields } from './leadAnalysis';

/** The agent fields both Create and Update offer; the response engine and voice are set apart. */
export type AgentSettings = Omit<AgentCreateParams, 'response_engine' | 'voice_id'>;

type Language = Exclude<Extract<AgentCreateParams['language'], string>, 'multi'>;
type AmbientSound = NonNullable<AgentCreateParams['ambient_sound']>;
type DataStorageSetting = NonNullable<AgentCreateParams['data_storage_setting']>;

const LANGUAGE_NAMES: Record<Language, string> = {
	'af-ZA': 'Afrikaans',
	'ar-SA': 'Arabic',
	'az-AZ': 'Azerbaijani',
	'bg-BG': 'Bulgarian',
	'bs-BA': 'Bosnian',
	'ca-ES': 'Catalan',
	'cs-CZ': 'Czech',
	'cy-GB': 'Welsh',
	'da-DK': 'Danish',
	'de-DE': 'German',
	'el-GR': 'Greek',
	'en-AU': 'English (Australia)',
	'en-GB': 'English (UK)',
	'en-IN': 'English (India)',
	'en-NZ': 'English (New Zealand)',
	'en-US': 'English (US)',
	'es-419': 'Spanish (Latin America)',
	'es-ES': 'Spanish (Spain)',
	'fa-IR': 'Persian',
	'fi-FI': 'Finnish',
	'fil-PH': 'Filipino',
	'fr-CA': 'French (Canada)',
	'fr-FR': 'French (France)',
	'gl-ES': 'Galician',
	'he-IL': 'Hebrew',
	'hi-IN': 'Hindi',
	'hr-HR': 'Croatian',
	'hu-HU': 'Hungarian',
	'hy-AM': 'Armenian',
	'id-ID': 'Indonesian',
	'is-IS': 'Icelandic',
	'it-IT': 'Italian',
	'ja-JP': 'Japanese',
	'kk-KZ': 'Kazakh',
	'kn-IN': 'Kannada',
	'ko-KR': 'Korean',
	'lt-LT': 'Lithuanian',
	'lv-LV': 'Latvian',
	'mk-MK': 'Macedonian',
	'mr-IN': 'Marathi',
	'ms-MY': 'Malay',
	'ne-NP': 'Nepali',
	'nl-BE': 'Dutch (Belgium)',
	'nl-NL': 'Dutch (Netherlands)',
	'no-NO': 'Norwegian',
	'pl-PL': 'Polish',
	'pt-BR': 'Portuguese (Brazil)',
	'pt-PT': 'Portuguese (Portugal)',
	'ro-RO': 'Romanian',
	'ru-RU': 'Russian',
	'sk-SK': 'Slovak',
	'sl-SI': 'Slovenian',
	'sr-RS': 'Serbian',
	'sv-SE': 'Swedish',
	'sw-KE': 'Swahili',
	'ta-IN': 'Tamil',
	'th-TH': 'Thai',
	'tr-TR': 'Turkish',
	'uk-UA': 'Ukrainian',
	'ur-IN': 'Urdu',
	'vi-VN': 'Vietnamese',
	'yue-CN': 'Cantonese',
	'zh-CN': 'Chinese (Mandarin)',
};

const AMBIENT_SOUND_NAMES: Record<AmbientSound, string> = {
	'call-center': 'Call Center',
	'coffee-shop': 'Coffee Shop',
	'convention-hall': 'Convention Hall',
	'mountain-outdoor': 'Mountain Outdoor',
	'static-noise': 'Static Noise',
	'summer-outdoor': 'Summer Outdoor',
};

const DATA_STORAGE_NAMES: Record<DataStorageSetting, string> = {
	everything: 'Everything',
	everything_except_pii: 'Everything Except PII',
	basic_attributes_only: 'Basic Attributes Only',
};

/** The options of the agent's "Additional Fields" / "Update Fields" collections. */
export const agentSettingFields: INodeProperties[] = [
	...leadAnalysisFields,
	{
		displayName: 'Agent Name',
		name: 'agentName',
		type: 'string',
		default: '',
		description: 'A name for your own reference, shown in the Retell dashboard',
	},
	{
		displayName: 'Ambient Sound',
		name: 'ambientSound',
		type: 'options',
		options: optionsFrom(AMBIENT_SOUND_NAMES),
		default: 'coffee-shop',
		description: 'Background sound played during the call to make it sound more natural',
	},
	{
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased -- "ms" is a unit, as in n8n's HTTP Request
		displayName: 'Begin Message Delay (ms)',
		name: 'beginMessageDelayMs',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 5000 },
		default: 0,
		description: 'How long the agent waits before its first message, when it speaks first',
	},
	{
		displayName: 'Boosted Keywords',
		name: 'boostedKeywords',
		type: 'string',
		default: '',
		placeholder: 'Retell, Ada Lovelace',
		description: 'Comma-separated words the transcriber should favour, such as names and brands',
	},
	{
		displayName: 'Data Storage',
		name: 'dataStorageSetting',
		type: 'options',
		options: optionsFrom(DATA_STORAGE_NAMES),
		default: 'everything',
		description: 'What Retell keeps of each call: transcripts, recordings and logs, or less',
	},
	{
		displayName: 'Enable Backchannel',
		name: 'enableBackchannel',
		type: 'boolean',
		default: false,
		description: 'Whether the agent says short acknowledgements like "uh-huh" while the caller speaks',
	},
	{
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased -- "ms" is a unit, as in n8n's HTTP Request
		displayName: 'End Call After Silence (ms)',
		name: 'endCallAfterSilenceMs',
		type: 'number',
		typeOptions: { minValue: 10000 },
		default: 600000,
		description: 'Hang up when the caller stays silent this long after the agent spoke',
	},
	{
		displayName: 'Interruption Sensitivity',
		name: 'interruptionSensitivity',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 1,
		description: 'How easily the caller can interrupt the agent, from 0 (never) to 1',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: optionsFrom(LANGUAGE_NAMES),
		default: 'en-US',
		description:
			'The language the agent speaks and understands. For a multilingual agent, set "language" to an array of locales in Additional Fields (JSON).',
	},
	{
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased -- "ms" is a unit, as in n8n's HTTP Request
		displayName: 'Max Call Duration (ms)',
		name: 'maxCallDurationMs',
		type: 'number',
		typeOptions: { minValue: 60000, maxValue: 7200000 },
		default: 3600000,
		description: 'Calls are ended when they reach this length',
	},
	{
		displayName: 'Post-Call Analysis Data (JSON)',
		name: 'postCallAnalysisData',
		type: 'json',
		default: '[]',
		description:
			'What to extract from each call once it ends, as a JSON array such as [{"type": "string", "name": "customer_name", "description": "The caller\'s name"}]',
	},
	{
		displayName: 'Responsiveness',
		name: 'responsiveness',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 1,
		description: 'How quickly the agent answers, from 0 (waits longer) to 1',
	},
	{
		displayName: 'Timezone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'America/New_York',
		description: 'IANA timezone of the agent',
	},
	{
		displayName: 'Voice Speed',
		name: 'voiceSpeed',
		type: 'number',
		typeOptions: { minValue: 0.5, maxValue: 2, numberPrecision: 2 },
		default: 1,
		description: 'Speech rate, from 0.5 (slow) to 2 (fast)',
	},
	{
		displayName: 'Voice Temperature',
		name: 'voiceTemperature',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
		default: 1,
		description: 'How varied the voice sounds, from 0 (stable) to 2',
	},
	{
		displayName: 'Volume',
		name: 'volume',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
		default: 1,
		description: 'Loudness of the agent, from 0 to 2',
	},
	{
		displayName: 'Webhook Events',
		name: 'webhookEvents',
		type: 'multiOptions',
		options: callEventOptions({ withActions: false }),
		default: [],
		description: 'Which call events Retell posts to the webhook URL. Retell sends Call Started, Call Ended and Call Analyzed when none are chosen.',
	},
	{
		// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased -- "ms" is a unit, as in n8n's HTTP Request
		displayName: 'Webhook Timeout (ms)',
		name: 'webhookTimeoutMs',
		type: 'number',
		typeOptions: { minValue: 1000 },
		default: 10000,
		description: 'How long Retell waits for the webhook to answer',
	},
	{
		displayName: 'Webhook URL',
		name: 'webhookUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/…',
		description:
			'Where Retell posts this agent\'s call events, such as a Retell Trigger URL. It replaces the account-level webhook for this agent.',
	},
];

export function readAgentSettings(read: FieldReader): AgentSettings {
	const settings: AgentSettings = omitBlank({
		agent_name: read.string('agentName'),
		ambient_sound: read.option('ambientSound', keysOf(AMBIENT_SOUND_NAMES), 'Ambient Sound'),
		begin_message_delay_ms: read.number('beginMessageDelayMs', 'Begin Message Delay'),
		boosted_keywords: read.list('boostedKeywords'),
		data_storage_setting: read.option('dataStorageSetting', keysOf(DATA_STORAGE_NAMES), 'Data Storage'),
		enable_backchannel: read.boolean('enableBackchannel', 'Enable Backchannel'),
		end_call_after_silence_ms: read.number('endCallAfterSilenceMs', 'End Call After Silence'),
		interruption_sensitivity: read.number('interruptionSensitivity', 'Interruption Sensitivity'),
		language: read.option('language', keysOf(LANGUAGE_NAMES), 'Language'),
		max_call_duration_ms: read.number('maxCallDurationMs', 'Max Call Duration'),
		responsiveness: read.number('responsiveness', 'Responsiveness'),
		timezone: read.string('timezone')?.trim(),
		voice_speed: read.number('voiceSpeed', 'Voice Speed'),
		voice_temperature: read.number('voiceTemperature', 'Voice Temperature'),
		volume: read.number('volume', 'Volume'),
		webhook_events: read.options('webhookEvents', CALL_EVENTS, 'Webhook Events'),
		webhook_timeout_ms: read.number('webhookTimeoutMs', 'Webhook Timeout'),
		webhook_url: read.string('webhookUrl')?.trim(),
	});
	// Retell validates the nested analysis items itself; the JSON ones go through as the user wrote them.
	const passThrough: IDataObject = omitBlank({
		post_call_analysis_data: analysisFields(read, read.jsonObjects('postCallAnalysisData', 'Post-Call Analysis Data (JSON)')),
	});
	return { ...settings, ...passThrough };
}
