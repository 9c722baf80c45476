import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldReader, getCollection, getOption, keysOf, toTimestamp } from '../../../shared/parameters';
import { supabaseRequest, type RetellSupabaseClient } from '../../../shared/supabase/transport';
import type { StatsGrouping } from '../../../shared/supabase/transport/database';
import { isTimeZone } from '../../../shared/supabase/values';
import { supabaseOperation } from '../node.type';

const STATS_FUNCTION = 'retell_agent_stats';

/** Option values are the node's own (camelCase); the function takes its own names. */
const GROUPINGS = {
	agent: 'agent',
	agentAndDay: 'agent_day',
	day: 'day',
	providerType: 'provider_type',
	providerTypeAndDay: 'provider_type_day',
	total: 'total',
} as const satisfies Record<string, StatsGrouping>;

/** The seed's "Cost Comparison": Twilio ~$0.0965/min + OpenAI Realtime ~$0.06/min ≈ $0.16/min before infrastructure. */
const SEED_BASELINE_PER_MINUTE = 0.16;

const properties: INodeProperties[] = [
	{
		displayName: 'Since',
		name: 'since',
		type: 'dateTime',
		required: true,
		default: '={{ $today.minus({ days: 7 }).toISO() }}',
		description:
			'Calls at or after this time count. A call counts at its start time; one that never connected at its end, or else at when it was first logged.',
	},
	{
		displayName: 'Until',
		name: 'until',
		type: 'dateTime',
		default: '',
		description: 'Calls before this time count (a call exactly at Until does not). Empty: now.',
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		options: [
			{ name: 'Agent', value: 'agent', description: 'One item per agent' },
			{ name: 'Agent and Day', value: 'agentAndDay', description: 'One item per agent and calendar day with calls' },
			{ name: 'Day', value: 'day', description: 'One item per calendar day with calls' },
			{ name: 'Provider Type', value: 'providerType', description: 'One item per provider type: Retell, Twilio, Vapi' },
			{
				name: 'Provider Type and Day',
				value: 'providerTypeAndDay',
				description: 'One item per provider type and calendar day with calls',
			},
			{ name: 'Total', value: 'total', description: 'Exactly one item, also when there were no calls' },
		],
		default: 'agent',
		description:
			'Calls of an agent without a row in the agents table count under their Retell agent ID, with no name or provider type',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Baseline Cost per Minute (USD)',
				name: 'baselineCostPerMinute',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 4 },
				default: SEED_BASELINE_PER_MINUTE,
				description:
					'What a minute cost before Retell, for baseline_cost_usd, saving_usd and saving_rate. Default: the Twilio + OpenAI Realtime estimate of the migration guide.',
			},
			{
				displayName: 'Retell Agent Names or IDs',
				name: 'retellAgentId',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getSavedAgents' },
				default: [],
				description:
					'Only calls of these agents. Empty: every agent. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Berlin',
				description: "The time zone whose calendar days the Day groupings count in. Empty: the workflow's time zone.",
			},
		],
	},
];

interface StatsQuery {
	since: string;
	until: string;
	grouping: StatsGrouping;
	retellAgentIds?: string[];
	timeZone: string;
	baseline: number;
}

function readQuery(context: IExecuteFunctions, itemIndex: number): StatsQuery {
	const node = context.getNode();
	const time = (name: string, label: string): number | undefined =>
		toTimestamp(
			context.getNodeParameter(name, itemIndex, ''),
			() => new NodeOperationError(node, `${label} is not a date and time`, { itemIndex }),
		);
	const since = time('since', 'Since');
	if (since === undefined) throw new NodeOperationError(node, 'Since is required', { itemIndex });
	const until = time('until', 'Until') ?? Date.now();
	if (since > until) {
		throw new NodeOperationError(node, 'Since is after Until', {
			itemIndex,
			description: `Since is ${new Date(since).toISOString()} and Until ${new Date(until).toISOString()}. Swap them, or leave Until empty for now.`,
		});
	}

	const options = fieldReader(node, itemIndex, getCollection(context, 'options', itemIndex));
	const retellAgentIds = options.list('retellAgentId');
	if (retellAgentIds?.some((id) => id.includes('\u0000'))) {
		throw new NodeOperationError(node, 'A Retell Agent ID cannot contain a NUL character', { itemIndex });
	}
	const timeZone = options.string('timeZone', 'Time Zone')?.trim() || context.getTimezone();
	if (!isTimeZone(timeZone)) {
		throw new NodeOperationError(node, `Time Zone "${timeZone}" is not a time zone`, {
			itemIndex,
			description: 'Use an IANA time zone name, like Europe/Berlin, America/New_York or UTC.',
		});
	}
	const baseline = options.number('baselineCostPerMinute', 'Baseline Cost per Minute (USD)') ?? SEED_BASELINE_PER_MINUTE;
	if (baseline < 0) {
		throw new NodeOperationError(node, 'Baseline Cost per Minute (USD) cannot be negative', { itemIndex });
	}

	return {
		since: new Date(since).toISOString(),
		until: new Date(until).toISOString(),
		grouping: GROUPINGS[getOption(context, 'groupBy', keysOf(GROUPINGS), itemIndex)],
		retellAgentIds,
		timeZone,
		baseline,
	};
}

/**
 * Runs retell_agent_stats (supabase/migrations, section Stats) over the logged sessions: one output item per
 * group, each carrying the range it covers.
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellSupabaseClient): Promise<IDataObject[]> {
	const query = readQuery(this, itemIndex);
	const rows = await supabaseRequest(
		this,
		client,
		(db) =>
			db.rpc(STATS_FUNCTION, {
				p_from: query.since,
				p_to: query.until,
				p_group_by: query.grouping,
				p_retell_agent_ids: query.retellAgentIds ?? null,
				p_time_zone: query.timeZone,
				p_baseline_cost_per_minute_usd: query.baseline,
			}),
		{ target: { rpc: STATS_FUNCTION }, itemIndex },
	);
	return rows.map((row) => ({ ...row, since: query.since, until: query.until, time_zone: query.timeZone }));
}

export const operation = supabaseOperation({
	resource: 'agent',
	operation: 'getStats',
	option: {
		name: 'Get Stats',
		description: 'Calls, minutes, cost and outcomes per agent over a time range, from the logged sessions',
		action: 'Get call stats of agents',
	},
	properties,
	execute,
});
