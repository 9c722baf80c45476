import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getRows, locatorValue, rowString, toTimestamp } from '../../shared/parameters';
import { agentLocator, chatAgentLocator, optionalLocator } from '../../shared/retell/fields';

/**
 * Filters that Retell's list endpoints share in `filter_criteria` (v3 list-calls, v3 list-chats, the contact backfill's
 * call filter: retell-sdk 5.66.1 `CallListParams.FilterCriteria`, `ChatListParams.FilterCriteria`): agents with their
 * versions, and the start time.
 */

/** What a filter is about: "call" and the agent locator for calls, "chat" and the chat-agent locator for chats. */
export interface FilterSubject {
	noun: string;
	agentLocator: INodeProperties;
	/** "agent" or "chat agent". */
	agentNoun: string;
}

export const CALL_FILTERS: FilterSubject = { noun: 'call', agentLocator, agentNoun: 'agent' };
export const CHAT_FILTERS: FilterSubject = { noun: 'chat', agentLocator: chatAgentLocator, agentNoun: 'chat agent' };

function capitalized(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Agents (with optional versions) the listed objects were handled by. */
export function agentsFilterProperty({ noun, agentLocator, agentNoun }: FilterSubject): INodeProperties {
	const Agent = capitalized(agentNoun).replace(/ agent$/, ' Agent');
	return {
		displayName: `${Agent}s`,
		name: 'agents',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${Agent}`,
		default: {},
		description: `${capitalized(noun)}s handled by any of these ${agentNoun}s`,
		options: [
			{
				displayName: Agent,
				name: 'agent',
				values: [
					{ ...optionalLocator(agentLocator), description: `${capitalized(noun)}s handled by this ${agentNoun}` },
					{
						displayName: 'Versions',
						name: 'versions',
						type: 'string',
						default: '',
						placeholder: '1, 2',
						description: `Comma-separated ${agentNoun} versions; empty means all versions`,
					},
				],
			},
		],
	};
}

export function startTimeFilterProperties({ noun }: FilterSubject): INodeProperties[] {
	return [
		{
			displayName: 'Started After',
			name: 'startedAfter',
			type: 'dateTime',
			default: '',
			description: `${capitalized(noun)}s that started at or after this time`,
		},
		{
			displayName: 'Started Before',
			name: 'startedBefore',
			type: 'dateTime',
			default: '',
			description: `${capitalized(noun)}s that started at or before this time`,
		},
	];
}

/** The `agent` filter from the rows of `<collection>.agents.agent`. */
export function readAgentsFilter(
	context: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	{ agentLocator, agentNoun }: FilterSubject,
): Array<{ agent_id: string; version?: number[] }> | undefined {
	const locatorName = agentLocator.name;
	const agents = getRows(context, `${collection}.agents.agent`, itemIndex)
		.filter((row) => locatorValue(row[locatorName]) !== '')
		.map((row) => {
			const versions = rowString(row, 'versions')
				.split(',')
				.map((version) => version.trim())
				.filter((version) => version !== '');
			if (versions.some((version) => !/^\d+$/.test(version))) {
				throw new NodeOperationError(context.getNode(), `${capitalized(agentNoun)} versions must be whole numbers, like 1, 2`, {
					itemIndex,
					description: `Got "${rowString(row, 'versions')}" for ${agentNoun} ${locatorValue(row[locatorName])}.`,
				});
			}
			return { agent_id: locatorValue(row[locatorName]), ...(versions.length > 0 ? { version: versions.map(Number) } : {}) };
		});
	return agents.length > 0 ? agents : undefined;
}

type StartTimestampFilter = { type: 'range'; op: 'bt'; value: [number, number] } | { type: 'number'; op: 'ge' | 'le'; value: number };

/** Retell's typed time filter: a range when both ends are set, else a one-sided comparison. */
export function readStartTimestampFilter(context: IExecuteFunctions, filters: IDataObject, itemIndex: number): StartTimestampFilter | undefined {
	const timestamp = (key: string, label: string) =>
		toTimestamp(filters[key], () => new NodeOperationError(context.getNode(), `${label} is not a date and time`, { itemIndex }));
	const after = timestamp('startedAfter', 'Started After');
	const before = timestamp('startedBefore', 'Started Before');
	if (after !== undefined && before !== undefined) {
		if (after > before) {
			throw new NodeOperationError(context.getNode(), 'Started After is later than Started Before', { itemIndex });
		}
		return { type: 'range', op: 'bt', value: [after, before] };
	}
	if (after !== undefined) return { type: 'number', op: 'ge', value: after };
	if (before !== undefined) return { type: 'number', op: 'le', value: before };
	return undefined;
}

export function enumFilter<T extends string>(values: T[] | undefined) {
	return values ? { type: 'enum' as const, op: 'in' as const, value: values } : undefined;
}
