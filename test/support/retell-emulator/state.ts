import type { AgentResponse } from 'retell-sdk/resources/agent';
import type { AppResponse } from 'retell-sdk/resources/app';
import type { ContactResponse } from 'retell-sdk/resources/contact';
import type { CRMConfig } from 'retell-sdk/resources/crm';
import type { ExportRequestListResponse } from 'retell-sdk/resources/export-request';
import type { BatchCallResponse } from 'retell-sdk/resources/batch-call';
import type { ChatResponse } from 'retell-sdk/resources/chat';
import type { ChatAgentResponse } from 'retell-sdk/resources/chat-agent';
import type { ConversationFlowResponse } from 'retell-sdk/resources/conversation-flow';
import type { ConversationFlowComponentResponse } from 'retell-sdk/resources/conversation-flow-component';
import type { KnowledgeBaseResponse } from 'retell-sdk/resources/knowledge-base';
import type { LlmResponse } from 'retell-sdk/resources/llm';
import type { PhoneNumberResponse } from 'retell-sdk/resources/phone-number';
import type { BatchTestResponse, TestCaseDefinitionResponse, TestCaseJobResponse } from 'retell-sdk/resources/tests';
import type { VoiceResponse } from 'retell-sdk/resources/voice';
import { VOICES } from './catalog';
import type { EmulatedCall } from './types';

/** A file the emulator serves under `/_emulator/files/{id}` (KB text sources, uploads, recordings). */
export interface StoredFile {
	contentType: string;
	data: Buffer;
}

export class EmulatorState {
	/** Latest version of each agent; every version is in `agentVersions`. */
	readonly agents = new Map<string, AgentResponse>();
	/** All versions of each agent, ascending by `version`. */
	readonly agentVersions = new Map<string, AgentResponse[]>();
	/** Latest version of each Retell LLM; every version is in `llmVersions`. */
	readonly llms = new Map<string, LlmResponse>();
	/** All versions of each Retell LLM, ascending by `version`. */
	readonly llmVersions = new Map<string, LlmResponse[]>();
	readonly conversationFlows = new Map<string, ConversationFlowResponse>();
	/** Earlier versions of each conversation flow, ascending by `version` (the latest is in `conversationFlows`). */
	readonly conversationFlowVersions = new Map<string, ConversationFlowResponse[]>();
	readonly conversationFlowComponents = new Map<string, ConversationFlowComponentResponse>();
	readonly testCases = new Map<string, TestCaseDefinitionResponse>();
	readonly batchTests = new Map<string, BatchTestResponse>();
	/** Test runs (test case jobs), each belonging to one batch test. */
	readonly testRuns = new Map<string, TestCaseJobResponse>();
	readonly contacts = new Map<string, ContactResponse>();
	readonly apps = new Map<string, AppResponse>();
	/** Exports are requested in the dashboard only (no API creates one): tests seed them here. */
	readonly exportRequests = new Map<string, ExportRequestListResponse.Item>();
	/** The organization's CRM configuration; undefined until set (get-crm-config then answers an empty one). */
	crmConfig: CRMConfig | undefined;
	/** Keyed by the E.164 number. */
	readonly phoneNumbers = new Map<string, PhoneNumberResponse>();
	readonly calls = new Map<string, EmulatedCall>();
	readonly knowledgeBases = new Map<string, KnowledgeBaseResponse>();
	readonly voices = new Map<string, VoiceResponse>();
	readonly batchCalls = new Map<string, BatchCallResponse>();
	/** Latest version of each chat agent; every version is in `chatAgentVersions`. */
	readonly chatAgents = new Map<string, ChatAgentResponse>();
	/** All versions of each chat agent, ascending by `version`. */
	readonly chatAgentVersions = new Map<string, ChatAgentResponse[]>();
	readonly chats = new Map<string, ChatResponse>();

	/** Creation order of every object, for stable cursor pagination across deletes. */
	readonly createdSeq = new Map<string, number>();
	/** Creation time of every call, used to order calls that have not started yet. */
	readonly callCreatedAt = new Map<string, number>();
	/** call_id → batch_call_id, for the `batch_call_id` list filter (not a field of the call object). */
	readonly callBatch = new Map<string, string>();
	readonly files = new Map<string, StoredFile>();
	/** Latest start_timestamp handed out by seedCalls, so later seeds start after it. */
	lastSeededStart = 0;
	private seq = 0;

	constructor() {
		this.clear();
	}

	clear(): void {
		for (const map of [this.agents, this.agentVersions, this.llms, this.llmVersions, this.conversationFlows, this.phoneNumbers, this.calls, this.knowledgeBases, this.voices, this.batchCalls, this.chatAgents, this.chatAgentVersions, this.chats, this.conversationFlowVersions, this.conversationFlowComponents, this.testCases, this.batchTests, this.testRuns, this.contacts, this.apps, this.exportRequests]) {
			map.clear();
		}
		this.createdSeq.clear();
		this.callCreatedAt.clear();
		this.callBatch.clear();
		this.files.clear();
		this.lastSeededStart = 0;
		this.crmConfig = undefined;
		for (const voice of VOICES) this.voices.set(voice.voice_id, { ...voice });
	}

	/** Calls holding a concurrency slot: registered (dialling) or ongoing. */
	liveCallCount(): number {
		let live = 0;
		for (const call of this.calls.values()) if (call.call_status === 'registered' || call.call_status === 'ongoing') live++;
		return live;
	}

	registerCreated(id: string): void {
		if (!this.createdSeq.has(id)) this.createdSeq.set(id, ++this.seq);
	}

	seqOf(id: string): number {
		return this.createdSeq.get(id) ?? 0;
	}

	/** Stores an agent version; the highest version becomes the one `agents` shows. */
	putAgentVersion(agent: AgentResponse): void {
		this.putVersion(agent, agent.agent_id, this.agentVersions, this.agents);
	}

	/** Whether any version of any voice or chat agent satisfies `uses` (an LLM or flow in use cannot be deleted without force). */
	isUsedByAnAgent(uses: (agent: AgentResponse | ChatAgentResponse) => boolean): boolean {
		return [...this.agentVersions.values(), ...this.chatAgentVersions.values()].some((versions) => versions.some(uses));
	}

	private putVersion<T extends { version?: number | null }>(item: T, id: string, all: Map<string, T[]>, latest: Map<string, T>): void {
		const versions = all.get(id) ?? [];
		const at = versions.findIndex((v) => v.version === item.version);
		if (at >= 0) versions[at] = item;
		else versions.push(item);
		versions.sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
		all.set(id, versions);
		latest.set(id, versions[versions.length - 1]!);
		this.registerCreated(id);
	}

	/** A given version of an agent, or its latest when `version` is undefined. */
	getAgent(agentId: string, version?: number): AgentResponse | undefined {
		if (version === undefined) return this.agents.get(agentId);
		return this.agentVersions.get(agentId)?.find((v) => v.version === version);
	}

	/** Stores an LLM version; the highest version becomes the one `llms` shows. */
	putLlmVersion(llm: LlmResponse): void {
		this.putVersion(llm, llm.llm_id, this.llmVersions, this.llms);
	}

	/** A given version of an LLM, or its latest when `version` is undefined or null. */
	getLlm(llmId: string, version?: number | null): LlmResponse | undefined {
		if (version === undefined || version === null) return this.llms.get(llmId);
		return this.llmVersions.get(llmId)?.find((v) => (v.version ?? 0) === version);
	}

	/** Stores a chat agent version; the highest version becomes the one `chatAgents` shows. */
	putChatAgentVersion(agent: ChatAgentResponse): void {
		this.putVersion(agent, agent.agent_id, this.chatAgentVersions, this.chatAgents);
	}

	/** A given version of a chat agent, or its latest when `version` is undefined. */
	getChatAgent(agentId: string, version?: number): ChatAgentResponse | undefined {
		if (version === undefined) return this.chatAgents.get(agentId);
		return this.chatAgentVersions.get(agentId)?.find((v) => v.version === version);
	}

	deleteChatAgent(agentId: string): boolean {
		this.chatAgentVersions.delete(agentId);
		return this.chatAgents.delete(agentId);
	}

	deleteChatAgentVersion(agentId: string, version: number): void {
		const versions = (this.chatAgentVersions.get(agentId) ?? []).filter((v) => v.version !== version);
		this.chatAgentVersions.set(agentId, versions);
		this.chatAgents.set(agentId, versions[versions.length - 1]!);
	}

	deleteLlm(llmId: string): boolean {
		this.llmVersions.delete(llmId);
		return this.llms.delete(llmId);
	}

	deleteAgent(agentId: string): boolean {
		this.agentVersions.delete(agentId);
		return this.agents.delete(agentId);
	}

	deleteAgentVersion(agentId: string, version: number): void {
		const versions = (this.agentVersions.get(agentId) ?? []).filter((v) => v.version !== version);
		this.agentVersions.set(agentId, versions);
		this.agents.set(agentId, versions[versions.length - 1]!);
	}
}
