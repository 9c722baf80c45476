import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type FieldReader, getRows, locatorValue, rowString } from '../../../shared/parameters';
import { toAgentVersion } from '../../../shared/retell/responses';
import { agentLocator, optionalLocator } from '../../../shared/retell/fields';
import { readAdditionalJson } from '../common.descriptions';

/** One weighted agent of a number: Retell picks an agent per call with probability = weight. */
interface AgentBinding {
	agent_id: string;
	weight: number;
	agent_version?: string | number;
}

type Direction = 'inbound' | 'outbound';

const LABEL: Record<Direction, string> = { inbound: 'Inbound Agents', outbound: 'Outbound Agents' };

function agentBindingsProperty(direction: Direction, note: string | undefined): INodeProperties {
	const role =
		direction === 'inbound'
			? 'answer calls to this number'
			: 'talk on calls placed from this number (Create Phone Call, Batch Call)';
	return {
		displayName: LABEL[direction],
		name: `${direction}Agents`,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Agent',
		default: {},
		description: [
			`Agents that ${role}. With several, each call goes to one of them at random by weight; the weights must add up to 1.`,
			note,
		]
			.filter(Boolean)
			.join(' '),
		options: [
			{
				displayName: 'Agent',
				name: 'agent',
				values: [
					optionalLocator(agentLocator),
					{
						displayName: 'Weight',
						name: 'weight',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
						default: 1,
						description: 'Share of calls for this agent, between 0 and 1; all weights add up to 1',
					},
					{
						displayName: 'Agent Version',
						name: 'agentVersion',
						type: 'string',
						default: '',
						placeholder: 'latest_published',
						description: 'A version number, "latest", "latest_published" or a tag; empty means the latest version',
					},
				],
			},
		],
	};
}

/** Inbound Agents and Outbound Agents; `note` ends both descriptions (e.g. what leaving them empty does). */
export function agentBindingsProperties(note?: string): INodeProperties[] {
	return [agentBindingsProperty('inbound', note), agentBindingsProperty('outbound', note)];
}

/** Floating-point sums like 0.1 + 0.2 + 0.7 are not exactly 1. */
const WEIGHT_TOLERANCE = 1e-6;

/**
 * The weighted agent list of one direction, validated the way Retell validates it, so a bad split
 * fails here with the item index instead of as a 400 after other items were already changed.
 */
function readAgentBindings(
	context: IExecuteFunctions,
	direction: Direction,
	itemIndex: number,
): AgentBinding[] | undefined {
	const node = context.getNode();
	const label = LABEL[direction];
	const rows = getRows(context, `${direction}Agents.agent`, itemIndex);
	if (rows.length === 0) return undefined;
	const bindings = rows.map((row, position): AgentBinding => {
		const agentId = locatorValue(row.agentId);
		if (agentId === '') {
			throw new NodeOperationError(node, `${label}: row ${position + 1} has no agent`, { itemIndex });
		}
		const weight = Number(row.weight ?? 1);
		if (!Number.isFinite(weight) || weight <= 0 || weight > 1) {
			throw new NodeOperationError(node, `${label}: the weight of ${agentId} must be more than 0 and at most 1`, {
				itemIndex,
				description: `Got ${JSON.stringify(row.weight)}.`,
			});
		}
		const version = toAgentVersion(rowString(row, 'agentVersion'));
		return { agent_id: agentId, weight, ...(version === undefined ? {} : { agent_version: version }) };
	});
	const total = bindings.reduce((sum, binding) => sum + binding.weight, 0);
	if (Math.abs(total - 1) > WEIGHT_TOLERANCE) {
		throw new NodeOperationError(node, `${label}: the weights add up to ${Number(total.toFixed(6))}, not 1`, {
			itemIndex,
			description: `Retell splits calls between the agents by weight, so the weights must add up to exactly 1 (e.g. 0.5 + 0.5). Got ${bindings
				.map((binding) => `${binding.agent_id}: ${binding.weight}`)
				.join(', ')}.`,
		});
	}
	return bindings;
}

/** Both directions' bindings as Retell's body fields; a direction without rows is left undefined. */
export function readAgentBindingFields(context: IExecuteFunctions, itemIndex: number) {
	return {
		inbound_agents: readAgentBindings(context, 'inbound', itemIndex),
		outbound_agents: readAgentBindings(context, 'outbound', itemIndex),
	};
}

/**
 * Retell rejects the single-agent fields since 2026-03-31
 * (https://docs.retellai.com/deprecation-notice), so say which field replaces them before sending.
 */
const REMOVED_FIELDS = /^(inbound|outbound)(_sms)?_agent_(id|version)$/;

/** Additional Fields (JSON) of a phone-number request, refusing the removed single-agent fields. */
export function readAdditionalNumberFields(
	context: IExecuteFunctions,
	options: FieldReader,
	itemIndex: number,
): IDataObject | undefined {
	const fields = readAdditionalJson(options);
	const removed = Object.keys(fields ?? {}).filter((key) => REMOVED_FIELDS.test(key));
	if (removed.length > 0) {
		throw new NodeOperationError(context.getNode(), `Retell no longer accepts ${removed.join(', ')}`, {
			itemIndex,
			description:
				'Bind agents with Inbound Agents / Outbound Agents (Retell\'s inbound_agents / outbound_agents lists with weights) instead.',
		});
	}
	return fields;
}
