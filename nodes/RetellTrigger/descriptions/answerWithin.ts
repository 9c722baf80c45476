import type { INodeProperties } from 'n8n-workflow';

import { agentLocator, chatAgentLocator, optionalLocator } from '../../shared/retell/fields';

const ANSWERING_MODES = ['customFunction', 'inboundCall', 'inboundSms'] as const;

/** The modes whose request waits for the workflow's answer, so a time limit on it makes sense. */
export type AnsweringMode = (typeof ANSWERING_MODES)[number];

export function isAnsweringMode(mode: string): mode is AnsweringMode {
	return ANSWERING_MODES.some((answering) => answering === mode);
}

/**
 * Retell waits 10 s for an inbound webhook's answer, then retries while the phone rings
 * (https://docs.retellai.com/features/inbound-call-webhook); the fallback must leave room for the network.
 */
export const INBOUND_DEADLINE_MAX_S = 9;

/** A custom function's default timeout_ms is 2 minutes (retell-sdk `LlmCreateParams` custom tool `timeout_ms`). */
export const FUNCTION_DEADLINE_MAX_S = 110;

export const DEFAULT_FUNCTION_FALLBACK =
	'The system did not answer in time. Tell the caller you could not check this right now and that the team will follow up, then carry on.';

function switchProperty(mode: AnsweringMode, what: string): INodeProperties {
	return {
		displayName: 'Answer Within a Time Limit',
		name: 'answerWithinLimit',
		type: 'boolean',
		default: false,
		description: `Whether to send a fallback answer when the workflow has not answered in time. The workflow keeps running; its own answer is then dropped, so ${what} never gets two.`,
		displayOptions: { show: { mode: [mode] } },
	};
}

function secondsProperty(mode: AnsweringMode, maxValue: number, defaultSeconds: number, why: string): INodeProperties {
	return {
		displayName: 'Answer Within (Seconds)',
		name: 'answerWithinSeconds',
		type: 'number',
		typeOptions: { minValue: 0.5, maxValue, numberPrecision: 1 },
		default: defaultSeconds,
		description: ['When to send the fallback answer, counted from when n8n received the request.', why].join(' '),
		displayOptions: { show: { mode: [mode], answerWithinLimit: [true] } },
	};
}

const functionProperties: INodeProperties[] = [
	switchProperty('customFunction', 'Retell'),
	secondsProperty(
		'customFunction',
		FUNCTION_DEADLINE_MAX_S,
		8,
		'The caller hears silence while the function runs; keep it below the function\'s timeout in Retell (2 minutes by default).',
	),
	{
		displayName: 'Fallback Result',
		name: 'fallbackResult',
		type: 'string',
		typeOptions: { rows: 3 },
		default: DEFAULT_FUNCTION_FALLBACK,
		description:
			'The function result the agent gets instead, sent like Build Function Result sends it (and with the Response Field, if set). Tell the agent what to say.',
		displayOptions: { show: { mode: ['customFunction'], answerWithinLimit: [true] } },
	},
];

function inboundProperties(mode: 'inboundCall' | 'inboundSms'): INodeProperties[] {
	const call = mode === 'inboundCall';
	const show = { mode: [mode], answerWithinLimit: [true] };
	const agent = call ? agentLocator : chatAgentLocator;
	return [
		switchProperty(mode, 'Retell'),
		secondsProperty(
			mode,
			INBOUND_DEADLINE_MAX_S,
			8,
			`Retell waits 10 seconds, then retries while the ${call ? 'phone rings' : 'text waits'}; in queue mode allow about a second for the worker.`,
		),
		{
			...optionalLocator(agent),
			displayName: call ? 'Fallback Agent' : 'Fallback Chat Agent',
			name: 'fallbackAgentId',
			default: { mode: 'list', value: '' },
			description: `Leave empty to let the number's own inbound ${call ? '' : 'SMS '}agent answer (fail open). Set one for a number that has none, or Retell drops the ${call ? 'call' : 'conversation'}.`,
			displayOptions: { show },
		},
		{
			displayName: 'Fallback Dynamic Variables',
			name: 'fallbackVariables',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Variable',
			default: {},
			description: 'Variables the agent gets when the fallback answers, e.g. customer_name: "there"',
			displayOptions: { show },
			options: [
				{
					displayName: 'Variable',
					name: 'variable',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'customer_name' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
	];
}

/** Shown after the mode's Respond setting. */
export function answerWithinProperties(mode: AnsweringMode): INodeProperties[] {
	return mode === 'customFunction' ? functionProperties : inboundProperties(mode);
}
