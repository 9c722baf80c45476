import type { NodeHint } from 'n8n-workflow';

import type { RetellMap } from './node.type';

const API = 'https://docs.retellai.com/api-references';

/**
 * The Retell documentation page of each operation. API reference pages are named after the endpoint without
 * its version prefix (POST /v2/create-phone-call → /api-references/create-phone-call); the Webhook Response
 * builders answer requests Retell sends, documented on its feature pages. A `Record` over RetellMap keeps it
 * complete: a new operation without a page does not compile.
 */
const PAGES: { [R in keyof RetellMap]: Record<RetellMap[R], string> } = {
	agent: {
		create: `${API}/create-agent`,
		deleteAgent: `${API}/delete-agent`,
		get: `${API}/get-agent`,
		getAll: `${API}/list-agents`,
		getVersions: `${API}/get-agent-versions`,
		provision: `${API}/create-agent`,
		publish: `${API}/publish-agent-version`,
		update: `${API}/update-agent`,
	},
	batchCall: { create: `${API}/create-batch-call` },
	call: {
		createPhoneCall: `${API}/create-phone-call`,
		createWebCall: `${API}/create-web-call`,
		deleteCall: `${API}/delete-call`,
		get: `${API}/get-call`,
		getAll: `${API}/list-calls`,
		update: `${API}/update-call`,
	},
	concurrency: { get: `${API}/get-concurrency` },
	knowledgeBase: {
		addSources: `${API}/add-knowledge-base-sources`,
		create: `${API}/create-knowledge-base`,
		deleteKnowledgeBase: `${API}/delete-knowledge-base`,
		deleteSource: `${API}/delete-knowledge-base-source`,
		get: `${API}/get-knowledge-base`,
		getAll: `${API}/list-knowledge-bases`,
	},
	llm: {
		create: `${API}/create-retell-llm`,
		deleteLlm: `${API}/delete-retell-llm`,
		get: `${API}/get-retell-llm`,
		getAll: `${API}/list-retell-llms`,
		update: `${API}/update-retell-llm`,
	},
	phoneNumber: {
		buy: `${API}/create-phone-number`,
		deletePhoneNumber: `${API}/delete-phone-number`,
		get: `${API}/get-phone-number`,
		getAll: `${API}/list-phone-numbers`,
		importPhoneNumber: `${API}/import-phone-number`,
		update: `${API}/update-phone-number`,
	},
	voice: { get: `${API}/get-voice`, getAll: `${API}/list-voices` },
	webhookResponse: {
		buildFunctionResult: 'https://docs.retellai.com/build/single-multi-prompt/custom-function',
		buildInboundCallResponse: 'https://docs.retellai.com/features/inbound-call-webhook',
	},
};

/** A link that opens in a new tab, for descriptions, notices and hints. */
export function docsLink(url: string, text: string): string {
	return `<a href="${url}" target="_blank">${text}</a>`;
}

/** The documentation page of one of the node's operations. */
export function docsUrlOf<R extends keyof RetellMap>(resource: R, operation: RetellMap[R]): string {
	const pages: Record<RetellMap[R], string> = PAGES[resource];
	return pages[operation];
}

/** The documentation page of one operation; undefined for a pair the node does not have. */
export function operationDocsUrl(resource: string, operation: string): string | undefined {
	const pages: Record<string, Record<string, string> | undefined> = PAGES;
	return pages[resource]?.[operation];
}

/**
 * One hint per operation, shown in the panel while that operation is selected: n8n's Docs link opens one page
 * for the whole node, and Retell documents each endpoint on its own page.
 */
export function operationDocsHints(): NodeHint[] {
	return Object.entries(PAGES).flatMap(([resource, operations]) =>
		Object.entries(operations).map(([operation, url]) => ({
			message: `Retell's documentation of this operation: ${docsLink(String(url), String(url).replace('https://', ''))}`,
			type: 'info' as const,
			// Beside the output: an input-pane hint would describe the previous node.
			location: 'outputPane' as const,
			whenToDisplay: 'always' as const,
			displayCondition: `={{ $parameter["resource"] === "${resource}" && $parameter["operation"] === "${operation}" }}`,
		})),
	);
}
