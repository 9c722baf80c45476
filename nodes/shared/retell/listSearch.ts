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

export const searchAgents = pagedSearch(
	async (retell, page, filter) =>
		await retell.agent.list({
			...page,
			filter_criteria: {
				channel: { type: 'string', op: 'eq', value: 'voice' },
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

export const searchLlms = pagedSearch(
	async (retell, page) => await retell.llm.list(page),
	(llm) => [llm.llm_id, llm.general_prompt],
	(llm) => {
		const prompt = llm.general_prompt?.replace(/\s+/g, ' ').slice(0, 60);
		return { name: prompt ? `${llm.llm_id} — ${prompt}` : llm.llm_id, value: llm.llm_id };
	},
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
