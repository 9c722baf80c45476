import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { getRetellClient, type RetellClient, retellRequest } from './transport';
import { type PageParams, type RetellPage } from './transport/pages';

const DASHBOARD = 'https://dashboard.retellai.com';
const PAGE_SIZE = 100;

type ListSearch = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

function matches(filter: string | undefined, texts: Array<string | null | undefined>): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => text?.toLowerCase().includes(needle));
}

async function read<T>(context: ILoadOptionsFunctions, request: (retell: RetellClient) => Promise<T>): Promise<T> {
	return await retellRequest(context, await getRetellClient(context), request, { kind: 'read' });
}

/**
 * A From List search over a paginated list, one page per call; Retell's opaque `pagination_key` is
 * n8n's pagination token. Items are kept when the filter occurs in one of their `searchedTexts`.
 */
function pagedSearch<T>(
	list: (retell: RetellClient, page: PageParams, filter: string | undefined) => Promise<RetellPage<T>>,
	searchedTexts: (item: T) => Array<string | null | undefined>,
	toResult: (item: T) => INodeListSearchItems,
): ListSearch {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const page = await read(
			this,
			async (retell) => await list(retell, { limit: PAGE_SIZE, pagination_key: paginationToken }, filter),
		);
		return {
			results: page.items.filter((item) => matches(filter, searchedTexts(item))).map(toResult),
			paginationToken: page.has_more ? page.pagination_key : undefined,
		};
	};
}

/** A From List search over a list Retell answers in one bare array (list-voices, list-knowledge-bases). */
function wholeListSearch<T>(
	list: (retell: RetellClient) => Promise<T[]>,
	searchedTexts: (item: T) => Array<string | null | undefined>,
	toResult: (item: T) => INodeListSearchItems,
): ListSearch {
	return async function (this: ILoadOptionsFunctions, filter?: string) {
		const items = await read(this, list);
		return { results: items.filter((item) => matches(filter, searchedTexts(item))).map(toResult) };
	};
}

/** Voice and chat agents share list-agents; `channel` tells them apart (SDK 5.66.1 chat-agent.js list). */
function agentSearch(channel: 'voice' | 'chat'): ListSearch {
	return pagedSearch(
		async (retell, page, filter) =>
			await retell.agent.list({
				...page,
				filter_criteria: {
					channel: { type: 'string', op: 'eq', value: channel },
					...(filter ? { query: filter } : {}),
				},
			}),
		(agent) => [agent.agent_name, agent.agent_id],
		(agent) => ({
			name: agent.agent_name || agent.agent_id,
			value: agent.agent_id,
			url: `${DASHBOARD}/agents/${agent.agent_id}`,
		}),
	);
}

export const searchAgents = agentSearch('voice');
export const searchChatAgents = agentSearch('chat');

export const searchLlms = pagedSearch(
	async (retell, page) => await retell.llm.list(page),
	(llm) => [llm.llm_id, llm.general_prompt],
	(llm) => {
		const prompt = llm.general_prompt?.replace(/\s+/g, ' ').slice(0, 60);
		return { name: prompt ? `${llm.llm_id} — ${prompt}` : llm.llm_id, value: llm.llm_id };
	},
);

export const searchConversationFlows = pagedSearch(
	async (retell, page) => await retell.conversationFlow.list(page),
	(flow) => [flow.conversation_flow_id, flow.global_prompt],
	(flow) => {
		const prompt = flow.global_prompt?.replace(/\s+/g, ' ').slice(0, 60);
		const name = `${flow.conversation_flow_id} (v${flow.version})`;
		return { name: prompt ? `${name} — ${prompt}` : name, value: flow.conversation_flow_id };
	},
);

export const searchConversationFlowComponents = pagedSearch(
	async (retell, page) => await retell.conversationFlowComponent.list(page),
	(component) => [component.name, component.conversation_flow_component_id],
	(component) => ({
		name: component.name || component.conversation_flow_component_id,
		value: component.conversation_flow_component_id,
	}),
);

/** Retell searches contacts itself (`search_query`: name, phone number, …). */
export const searchContacts = pagedSearch(
	async (retell, page, filter) => await retell.contact.list({ ...page, ...(filter ? { search_query: filter } : {}) }),
	(contact) => [contact.first_name, contact.last_name, contact.phone_number, contact.contact_id],
	(contact) => {
		const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ');
		return { name: name ? `${name} (${contact.phone_number})` : contact.phone_number, value: contact.contact_id };
	},
);

export const searchApps = pagedSearch(
	async (retell, page) => await retell.app.list(page),
	(app) => [app.name, app.provider, app.app_id],
	(app) => ({ name: app.name || `${app.provider} (${app.type})`, value: app.app_id }),
);

export const searchPhoneNumbers = pagedSearch(
	async (retell, page) => await retell.phoneNumber.list(page),
	(number) => [number.phone_number, number.phone_number_pretty, number.nickname],
	(number) => ({
		name: number.nickname ? `${number.phone_number} (${number.nickname})` : number.phone_number,
		value: number.phone_number,
	}),
);

export const searchVoices = wholeListSearch(
	async (retell) => await retell.voice.list(),
	(voice) => [voice.voice_id, voice.voice_name, voice.provider, voice.accent],
	(voice) => ({
		name: `${voice.voice_name} (${[voice.provider, voice.gender, voice.accent].filter(Boolean).join(', ')})`,
		value: voice.voice_id,
	}),
);

export const searchKnowledgeBases = wholeListSearch(
	async (retell) => await retell.knowledgeBase.list(),
	(kb) => [kb.knowledge_base_id, kb.knowledge_base_name],
	(kb) => ({ name: kb.knowledge_base_name, value: kb.knowledge_base_id }),
);
