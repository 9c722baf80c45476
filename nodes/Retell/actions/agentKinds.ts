import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { limitProperty, readLimit, returnAllProperty } from '../../shared/getMany';
import { fieldReader, getCollection, getNumber, getResourceId } from '../../shared/parameters';
import { apiReference } from '../../shared/retell/docs';
import { agentLocator, chatAgentLocator } from '../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../shared/retell/transport';
import { lostAnswerFields, publishAgentVersion, type AgentChannel } from '../../shared/retell/transport/checkedWrite';
import { listAll, type PageParams, type RetellPage } from '../../shared/retell/transport/pages';
import type { AgentCreateVersionParams, AgentDeleteVersionParams, AgentPublishParams } from '../../shared/retell/transport/types';
import { omitBlank } from '../../shared/validation';
import { versionOption } from './common.descriptions';
import { deleteById } from './deleteById';
import { retellOperation, type RetellOperation } from './node.type';

/**
 * Voice and chat agents share their list and version endpoints (list-agents with a `channel` filter; create-, delete-,
 * publish-agent-version, list-agent-versions: retell-sdk 5.66.1 chat-agent.js calls the agent paths), so those
 * operations are built once, per kind.
 */
interface AgentKind<R extends 'agent' | 'chatAgent'> {
	resource: R;
	channel: AgentChannel;
	locator: INodeProperties;
	/** The locator's parameter name. */
	idParameter: string;
	/** "agent" or "chat agent", for texts; "Agent" or "Chat agent" opens error messages. */
	noun: string;
	label: string;
	/** What runs on a published version: shown in Publish's description. */
	usedBy: string;
	createVersion(retell: RetellClient, agentId: string, body: AgentCreateVersionParams): Promise<object>;
	deleteVersion(retell: RetellClient, agentId: string, params: AgentDeleteVersionParams): Promise<void>;
	retrieve(retell: RetellClient, agentId: string, version: number): Promise<object>;
	/** One page of this kind's agents: list-agents filtered to its channel, and to `query` when given. */
	list(retell: RetellClient, page: PageParams, query: string | undefined): Promise<RetellPage<object>>;
}

const channelFilter = (channel: AgentChannel, query: string | undefined) => ({
	channel: { type: 'string' as const, op: 'eq' as const, value: channel },
	...(query ? { query } : {}),
});

export const VOICE_AGENT: AgentKind<'agent'> = {
	resource: 'agent',
	channel: 'voice',
	locator: agentLocator,
	idParameter: 'agentId',
	noun: 'agent',
	label: 'Agent',
	usedBy: 'calls',
	createVersion: async (retell, agentId, body) => await retell.agent.createVersion(agentId, body),
	deleteVersion: async (retell, agentId, params) => await retell.agent.deleteVersion(agentId, params),
	retrieve: async (retell, agentId, version) => await retell.agent.retrieve(agentId, { version }),
	list: async (retell, page, query) => await retell.agent.list({ ...page, filter_criteria: channelFilter('voice', query) }),
};

export const CHAT_AGENT: AgentKind<'chatAgent'> = {
	resource: 'chatAgent',
	channel: 'chat',
	locator: chatAgentLocator,
	idParameter: 'chatAgentId',
	noun: 'chat agent',
	label: 'Chat agent',
	usedBy: 'chats and SMS',
	createVersion: async (retell, agentId, body) => await retell.chatAgent.createVersion(agentId, body),
	deleteVersion: async (retell, agentId, params) => await retell.chatAgent.deleteVersion(agentId, params),
	retrieve: async (retell, agentId, version) => await retell.chatAgent.retrieve(agentId, { version }),
	list: async (retell, page, query) => await retell.chatAgent.list({ ...page, filter_criteria: channelFilter('chat', query) }),
};

/** A required version number: Retell numbers an agent's versions 0, 1, 2, … */
function readVersionNumber(context: IExecuteFunctions, name: string, label: string, itemIndex: number): number {
	const version = getNumber(context, name, itemIndex);
	if (version === undefined || !Number.isInteger(version) || version < 0) {
		throw new NodeOperationError(context.getNode(), `${label} must be a whole number of 0 or more`, { itemIndex });
	}
	return version;
}

function readAgentId<R extends 'agent' | 'chatAgent'>(context: IExecuteFunctions, kind: AgentKind<R>, itemIndex: number): string {
	return getResourceId(context, kind.idParameter, itemIndex, `${kind.label} ID`);
}

const a = (noun: string): string => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

export function createVersionOperation<R extends 'agent' | 'chatAgent'>(kind: AgentKind<R>): RetellOperation<R> {
	return retellOperation({
		resource: kind.resource,
		operation: 'createVersion',
		option: {
			name: 'Create Version',
			description: `Create a new draft version of ${a(kind.noun)}, copied from one of its versions, to change and publish later`,
			action: `Create ${a(kind.noun)} version`,
		},
		docsUrl: apiReference('create-agent-version'),
		properties: [
			{ ...kind.locator, description: `The ${kind.noun} to add a draft version to` },
			{
				...versionOption,
				displayName: 'Base Version',
				name: 'baseVersion',
				required: true,
				description: 'The version the new draft starts as a copy of. Get Versions lists them.',
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
			const agentId = readAgentId(this, kind, itemIndex);
			const body: AgentCreateVersionParams = { base_version: readVersionNumber(this, 'baseVersion', 'Base Version', itemIndex) };
			const draft = await retellRequest(this, client, async (retell) => await kind.createVersion(retell, agentId, body), {
				kind: 'create',
				itemIndex,
			});
			return { ...draft };
		},
	});
}

export function deleteVersionOperation<R extends 'agent' | 'chatAgent'>(kind: AgentKind<R>): RetellOperation<R> {
	return retellOperation({
		resource: kind.resource,
		operation: 'deleteVersion',
		option: {
			name: 'Delete Version',
			description: `Delete one version of ${a(kind.noun)}; the ${kind.noun} and its other versions stay`,
			action: `Delete ${a(kind.noun)} version`,
		},
		docsUrl: apiReference('delete-agent-version'),
		properties: [
			{ ...kind.locator, description: `The ${kind.noun} whose version to delete` },
			{
				...versionOption,
				required: true,
				description: `The version to delete; the ${kind.noun} and its other versions stay. Get Versions lists them.`,
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
			const agentId = readAgentId(this, kind, itemIndex);
			const params: AgentDeleteVersionParams = { version: readVersionNumber(this, 'version', 'Version', itemIndex) };
			const deleted = await deleteById(this, client, itemIndex, {
				label: `${kind.label} version`,
				idField: 'agent_id',
				id: agentId,
				remove: async (retell) => await kind.deleteVersion(retell, agentId, params),
				read: async (retell) => await kind.retrieve(retell, agentId, params.version),
			});
			return { ...deleted, version: params.version };
		},
	});
}

/** Uses list-agent-versions for both kinds: get-agent-versions and get-chat-agent-versions are deprecated for it (retell-api.md §10). */
export function getVersionsOperation<R extends 'agent' | 'chatAgent'>(kind: AgentKind<R>): RetellOperation<R> {
	return retellOperation({
		resource: kind.resource,
		operation: 'getVersions',
		option: {
			name: 'Get Versions',
			description: `List the versions of ${a(kind.noun)} and whether each is published`,
			action: `Get versions of ${a(kind.noun)}`,
		},
		docsUrl: apiReference('list-agent-versions'),
		properties: [{ ...kind.locator, description: `The ${kind.noun} whose versions to list` }, returnAllProperty, limitProperty],
		async execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
			const agentId = readAgentId(this, kind, itemIndex);
			const versions = await listAll(this, client, async (retell, page) => await retell.agent.listVersions(agentId, page), {
				limit: readLimit(this, itemIndex),
				itemIndex,
				resourceLabel: kind.label,
			});
			return versions.map((version) => ({ agent_id: agentId, ...version }));
		},
	});
}

export function publishOperation<R extends 'agent' | 'chatAgent'>(kind: AgentKind<R>): RetellOperation<R> {
	return retellOperation({
		resource: kind.resource,
		operation: 'publish',
		option: {
			name: 'Publish',
			description: `Publish a draft version of ${a(kind.noun)}, so new ${kind.usedBy} use it`,
			action: `Publish ${a(kind.noun)} version`,
		},
		docsUrl: apiReference('publish-agent-version'),
		properties: [
			{ ...kind.locator, description: `The ${kind.noun} whose draft version to publish` },
			{
				...versionOption,
				required: true,
				description: 'The draft version to publish. Get Versions lists them; Get returns the latest one.',
			},
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				options: [
					{
						displayName: 'Version Description',
						name: 'versionDescription',
						type: 'string',
						typeOptions: { rows: 3 },
						default: '',
						description: 'What changed in this version, for your own reference',
					},
					{
						displayName: 'Version Title',
						name: 'versionTitle',
						type: 'string',
						default: '',
						description: 'A short title for this version, for your own reference',
					},
				],
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
			const agentId = readAgentId(this, kind, itemIndex);
			const read = fieldReader(this.getNode(), itemIndex, getCollection(this, 'additionalFields', itemIndex));
			const body: AgentPublishParams = {
				version: readVersionNumber(this, 'version', 'Version', itemIndex),
				...omitBlank({
					version_title: read.string('versionTitle', 'Version Title'),
					version_description: read.string('versionDescription', 'Version Description'),
				}),
			};
			const outcome = await publishAgentVersion(this, client, agentId, body, { itemIndex, resourceLabel: kind.label }, kind.channel);
			return { published: true, agent_id: agentId, ...body, ...lostAnswerFields(outcome) };
		},
	});
}

export function getManyOperation<R extends 'agent' | 'chatAgent'>(kind: AgentKind<R>): RetellOperation<R> {
	return retellOperation({
		resource: kind.resource,
		operation: 'getAll',
		option: {
			name: 'Get Many',
			description: `List ${kind.noun}s (name and ID), optionally filtered by a search text`,
			action: `Get many ${kind.noun}s`,
		},
		docsUrl: apiReference('list-agents'),
		properties: [
			returnAllProperty,
			limitProperty,
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						displayName: 'Search',
						name: 'query',
						type: 'string',
						default: '',
						description: `Only ${kind.noun}s whose name or ID contains this text (not case-sensitive)`,
					},
				],
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
			const query = fieldReader(this.getNode(), itemIndex, getCollection(this, 'filters', itemIndex)).string('query', 'Search')?.trim();
			const agents = await listAll(this, client, async (retell, page) => await kind.list(retell, page, query), {
				limit: readLimit(this, itemIndex),
				itemIndex,
			});
			return agents.map((agent) => ({ ...agent }));
		},
	});
}
