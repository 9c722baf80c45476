import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { getRetellClient, retellRequest } from '../transport';

const DASHBOARD = 'https://dashboard.retellai.com';
const PAGE_SIZE = 100;

function matches(filter: string | undefined, ...texts: Array<string | null | undefined>): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => text?.toLowerCase().includes(needle));
}

export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await getRetellClient(this);
	const page = await retellRequest(
		this,
		client,
		async (retell) =>
			await retell.agent.list({
				limit: PAGE_SIZE,
				pagination_key: paginationToken,
				filter_criteria: {
					channel: { type: 'string', op: 'eq', value: 'voice' },
					...(filter ? { query: filter } : {}),
				},
			}),
		{ kind: 'read' },
	);
	return {
		results: page.items
			.filter((agent) => matches(filter, agent.agent_name, agent.agent_id))
			.map((agent) => ({
				name: agent.agent_name || agent.agent_id,
				value: agent.agent_id,
				url: `${DASHBOARD}/agents/${agent.agent_id}`,
			})),
		paginationToken: page.has_more ? page.pagination_key : undefined,
	};
}

export async function searchLlms(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await getRetellClient(this);
	const page = await retellRequest(
		this,
		client,
		async (retell) => await retell.llm.list({ limit: PAGE_SIZE, pagination_key: paginationToken }),
		{ kind: 'read' },
	);
	return {
		results: page.items
			.filter((llm) => matches(filter, llm.llm_id, llm.general_prompt))
			.map((llm) => {
				const prompt = llm.general_prompt?.replace(/\s+/g, ' ').slice(0, 60);
				return { name: prompt ? `${llm.llm_id} — ${prompt}` : llm.llm_id, value: llm.llm_id };
			}),
		paginationToken: page.has_more ? page.pagination_key : undefined,
	};
}

export async function searchPhoneNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await getRetellClient(this);
	const page = await retellRequest(
		this,
		client,
		async (retell) => await retell.phoneNumber.list({ limit: PAGE_SIZE, pagination_key: paginationToken }),
		{ kind: 'read' },
	);
	return {
		results: page.items
			.filter((number) => matches(filter, number.phone_number, number.phone_number_pretty, number.nickname))
			.map((number) => ({
				name: number.nickname ? `${number.phone_number} (${number.nickname})` : number.phone_number,
				value: number.phone_number,
			})),
		paginationToken: page.has_more ? page.pagination_key : undefined,
	};
}

/** list-voices and list-knowledge-bases are not paginated: one bare array, filtered here. */
export async function searchVoices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await getRetellClient(this);
	const voices = await retellRequest(this, client, async (retell) => await retell.voice.list(), { kind: 'read' });
	const results: INodeListSearchItems[] = voices
		.filter((voice) => matches(filter, voice.voice_id, voice.voice_name, voice.provider, voice.accent))
		.map((voice) => ({
			name: `${voice.voice_name} (${[voice.provider, voice.gender, voice.accent].filter(Boolean).join(', ')})`,
			value: voice.voice_id,
		}));
	return { results };
}

export async function searchKnowledgeBases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await getRetellClient(this);
	const knowledgeBases = await retellRequest(this, client, async (retell) => await retell.knowledgeBase.list(), {
		kind: 'read',
	});
	return {
		results: knowledgeBases
			.filter((kb) => matches(filter, kb.knowledge_base_id, kb.knowledge_base_name))
			.map((kb) => ({ name: kb.knowledge_base_name, value: kb.knowledge_base_id })),
	};
}
