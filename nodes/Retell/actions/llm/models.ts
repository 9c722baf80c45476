import type { LlmCreateParams } from '../../../shared/retell/transport/types';

export type LlmModel = NonNullable<LlmCreateParams['model']>;
export type StartSpeaker = NonNullable<LlmCreateParams['start_speaker']>;

/** Retell's text models (LlmCreateParams['model'] in retell-sdk 5.66.1). */
export const LLM_MODEL_NAMES: Record<LlmModel, string> = {
	'claude-4.5-haiku': 'Claude 4.5 Haiku',
	'claude-4.5-sonnet': 'Claude 4.5 Sonnet',
	'claude-4.6-sonnet': 'Claude 4.6 Sonnet',
	'claude-5-sonnet': 'Claude 5 Sonnet',
	'gemini-3.0-flash': 'Gemini 3.0 Flash',
	'gemini-3.1-flash-lite': 'Gemini 3.1 Flash Lite',
	'gemini-3.5-flash': 'Gemini 3.5 Flash',
	'gemini-3.5-flash-lite': 'Gemini 3.5 Flash Lite',
	'gemini-3.6-flash': 'Gemini 3.6 Flash',
	'gpt-4.1': 'GPT-4.1',
	'gpt-4.1-mini': 'GPT-4.1 Mini',
	'gpt-4.1-nano': 'GPT-4.1 Nano',
	'gpt-5': 'GPT-5',
	'gpt-5-mini': 'GPT-5 Mini',
	'gpt-5-nano': 'GPT-5 Nano',
	'gpt-5.1': 'GPT-5.1',
	'gpt-5.2': 'GPT-5.2',
	'gpt-5.4': 'GPT-5.4',
	'gpt-5.4-mini': 'GPT-5.4 Mini',
	'gpt-5.4-nano': 'GPT-5.4 Nano',
	'gpt-5.5': 'GPT-5.5',
	'gpt-5.6-luna': 'GPT-5.6 Luna',
	'gpt-5.6-terra': 'GPT-5.6 Terra',
};

export const START_SPEAKER_NAMES: Record<StartSpeaker, string> = {
	agent: 'Agent',
	user: 'Caller',
};
