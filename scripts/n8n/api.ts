import { createRequire } from 'node:module';
import path from 'node:path';
import type { N8nInstall } from './n8n';
import { sleep } from './n8n';
import { isRecord } from './json';
import { PINNED_TRAITS, type N8nTraits } from './versions';

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

interface Bcrypt {
	hashSync(password: string, rounds: number): string;
}

function isBcrypt(value: unknown): value is Bcrypt {
	return typeof value === 'object' && value !== null && 'hashSync' in value && typeof value.hashSync === 'function';
}

/** bcrypt hash for N8N_INSTANCE_OWNER_PASSWORD_HASH, with the bcryptjs that n8n itself uses. */
export function bcryptHash(install: N8nInstall, password: string): string {
	const requireFromN8n = createRequire(path.join(install.n8nDir, 'node_modules', 'n8n', 'package.json'));
	const bcrypt: unknown = requireFromN8n('bcryptjs');
	if (!isBcrypt(bcrypt)) throw new Error('bcryptjs from the n8n install has no hashSync');
	return bcrypt.hashSync(password, 10);
}

/**
 * The owner managed by environment variables (n8n ≥ 2.17: re-applied on every start; no setup screen). Older n8n
 * ignores them: see setupOwner and versions.ts.
 * n8n-io/n8n packages/cli/src/instance-settings-loader/loaders/owner.instance-settings-loader.ts
 */
export function ownerEnv(install: N8nInstall, owner: Owner): Record<string, string> {
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(install, owner.password),
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
	};
}

export const E2E_API_SCOPES = [
	'workflow:create',
	'workflow:read',
	'workflow:list',
	'workflow:update',
	'workflow:activate',
	'workflow:deactivate',
	'credential:create',
	'execution:read',
	'execution:list',
];

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
	const text = await response.text();
	if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 500)}`);
	const parsed: unknown = text === '' ? {} : JSON.parse(text);
	if (!isRecord(parsed)) throw new Error(`${what}: unexpected body ${text.slice(0, 200)}`);
	return parsed;
}

/**
 * Creates the owner as n8n's setup screen does (`POST /rest/owner/setup`, open until an owner exists), for the n8n
 * versions that do not read N8N_INSTANCE_OWNER_*. A no-op on an instance that already has its owner (a restart).
 */
export async function setupOwner(baseUrl: string, owner: Owner): Promise<void> {
	const settings = await json(await fetch(`${baseUrl}/rest/settings`), 'GET /rest/settings');
	const userManagement = isRecord(settings.data) ? settings.data.userManagement : undefined;
	if (!isRecord(userManagement) || userManagement.showSetupOnFirstLoad !== true) return;
	await json(
		await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ email: owner.email, password: owner.password, firstName: owner.firstName, lastName: owner.lastName }),
		}),
		'POST /rest/owner/setup',
	);
}

/** Logs in as the owner; returns the session cookie the editor would hold. */
export async function loginCookie(baseUrl: string, owner: Owner): Promise<string> {
	const login = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	await json(login, 'POST /rest/login');
	return login.headers
		.getSetCookie()
		.map((value) => value.split(';')[0])
		.join('; ');
}

/** Logs in as the owner (cookie session) and mints a public-API key. */
export async function createApiKey(baseUrl: string, owner: Owner, label: string, scopes = E2E_API_SCOPES): Promise<string> {
	const cookie = await loginCookie(baseUrl, owner);
	const created = await json(
		await fetch(`${baseUrl}/rest/api-keys`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Cookie: cookie },
			body: JSON.stringify({ label, scopes, expiresAt: null }),
		}),
		'POST /rest/api-keys',
	);
	const data = created.data;
	if (!isRecord(data) || typeof data.rawApiKey !== 'string') throw new Error('POST /rest/api-keys: no rawApiKey');
	return data.rawApiKey;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt?: string;
	stoppedAt?: string;
	data?: unknown;
}

function toExecution(value: unknown): ExecutionSummary | undefined {
	if (!isRecord(value)) return undefined;
	return {
		id: String(value.id),
		workflowId: String(value.workflowId),
		status: String(value.status),
		mode: String(value.mode),
		finished: value.finished === true,
		startedAt: typeof value.startedAt === 'string' ? value.startedAt : undefined,
		stoppedAt: typeof value.stoppedAt === 'string' ? value.stoppedAt : undefined,
		data: value.data,
	};
}

const ENDED = new Set(['success', 'error', 'crashed', 'canceled']);

/** False for an execution that says it ended while its run data (node outputs or the error) is not stored yet. */
export function isStoredWhole(execution: ExecutionSummary): boolean {
	if (!execution.finished && !ENDED.has(execution.status)) return true;
	const result = isRecord(execution.data) ? execution.data.resultData : undefined;
	if (!isRecord(result)) return false;
	return result.error !== undefined || (isRecord(result.runData) && Object.keys(result.runData).length > 0);
}

/** The few public-API calls the launcher and the e2e tests need (`X-N8N-API-KEY`). */
export class PublicApi {
	constructor(
		readonly baseUrl: string,
		private readonly apiKey: string,
		/** What this n8n's public API wants differently (versions.ts). */
		private readonly traits: N8nTraits = PINNED_TRAITS,
	) {}

	/**
	 * One API request. An n8n whose own database fell behind answers every request "503 Database is not ready!" until
	 * its health check passes again; a reader of executions waits that out (up to a minute) instead of failing.
	 */
	private async call(method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
		const waitUntil = Date.now() + 60_000;
		for (;;) {
			const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
				method,
				headers: { 'X-N8N-API-KEY': this.apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			if (response.status !== 503 || Date.now() > waitUntil) return await json(response, `${method} /api/v1${route}`);
			await response.body?.cancel();
			await sleep(1_000);
		}
	}

	/** Creates a workflow (not published) and returns its id. */
	async createWorkflow(workflow: { name: string; nodes: unknown[]; connections: unknown; settings: unknown }): Promise<string> {
		const created = await this.call('POST', '/workflows', workflow);
		return String(created.id);
	}

	/** Creates a credential and returns its id. */
	async createCredential(credential: { name: string; type: string; data: Record<string, string> }): Promise<string> {
		const data = this.traits.credentialDomainFields ? { ...credential.data, allowedHttpRequestDomains: 'all' } : credential.data;
		const created = await this.call('POST', '/credentials', { ...credential, data });
		return String(created.id);
	}

	/** Publishes (activates) a workflow; its production webhooks go live shortly after the call returns. */
	async publish(workflowId: string): Promise<void> {
		await this.call('POST', `/workflows/${workflowId}/${this.traits.publishRoute}`);
	}

	async workflow(workflowId: string): Promise<Record<string, unknown>> {
		return await this.call('GET', `/workflows/${workflowId}`);
	}

	async executions(query: { workflowId?: string; status?: string; includeData?: boolean; limit?: number } = {}): Promise<ExecutionSummary[]> {
		const params = new URLSearchParams();
		if (query.workflowId) params.set('workflowId', query.workflowId);
		if (query.status) params.set('status', query.status);
		if (query.includeData) params.set('includeData', 'true');
		params.set('limit', String(query.limit ?? 250));
		const page = await this.call('GET', `/executions?${params.toString()}`);
		const data = Array.isArray(page.data) ? page.data : [];
		return data.map(toExecution).filter((execution): execution is ExecutionSummary => execution !== undefined);
	}

	/**
	 * Every execution of a workflow newer than `afterId`, following `nextCursor` (the API lists newest first).
	 * Without `status` the API leaves running executions out.
	 */
	async executionsAfter(workflowId: string, afterId: number, status?: string): Promise<ExecutionSummary[]> {
		const found: ExecutionSummary[] = [];
		let cursor: string | undefined;
		for (;;) {
			const params = new URLSearchParams({ workflowId, limit: '250' });
			if (status) params.set('status', status);
			if (cursor) params.set('cursor', cursor);
			const page = await this.call('GET', `/executions?${params.toString()}`);
			const data = (Array.isArray(page.data) ? page.data : []).map(toExecution);
			for (const execution of data) {
				if (execution === undefined) continue;
				if (Number(execution.id) <= afterId) return found;
				found.push(execution);
			}
			if (typeof page.nextCursor !== 'string' || page.nextCursor === '') return found;
			cursor = page.nextCursor;
		}
	}

	/** One execution, with its data (node outputs, error) when asked. */
	async execution(id: string, includeData = false): Promise<ExecutionSummary | undefined> {
		return toExecution(await this.call('GET', `/executions/${id}${includeData ? '?includeData=true' : ''}`));
	}

	/**
	 * Polls until `predicate` holds for the executions of a workflow (executions are saved asynchronously), judged
	 * only on a list in which every ended execution has its run data stored: n8n 1.x (queue mode) writes an
	 * execution's status and its data in two steps, and a read between them saw `error` with no data.
	 */
	async waitForExecutions(
		workflowId: string,
		predicate: (executions: ExecutionSummary[]) => boolean,
		timeoutMs = 30_000,
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		let last: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			last = await this.executions({ workflowId, includeData: true });
			if (last.every(isStoredWhole) && predicate(last)) return last;
			await sleep(300);
		}
		throw new Error(
			`executions of ${workflowId} did not reach the expected state in ${timeoutMs} ms: ` +
				JSON.stringify(last.map(({ id, status, mode }) => ({ id, status, mode }))),
		);
	}
}
