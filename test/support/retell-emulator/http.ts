import type { WebhookDispatcher } from './delivery';
import type { CallSimulator } from './simulator';
import type { Scheduler } from './scheduler';
import type { EmulatorState } from './state';
import type { ResolvedOptions } from './types';

export interface Reply<T = unknown> {
	status: number;
	/** undefined → empty body (204s, void endpoints). */
	body?: T;
	headers?: Record<string, string>;
}

export function ok<T>(body: T): Reply<T> {
	return { status: 200, body };
}

export function created<T>(body: T): Reply<T> {
	return { status: 201, body };
}

/** Deletes and stop-call answer 204 with an empty body (retell-api.md §1). */
export function noContent(): Reply<never> {
	return { status: 204 };
}

export interface UploadedFile {
	filename: string;
	type: string;
	size: number;
	data: Buffer;
}

export interface MultipartBody {
	fields: Record<string, string[]>;
	files: Record<string, UploadedFile[]>;
}

/** What route handlers share: state, knobs and the call simulator. */
export interface EmulatorCore {
	readonly state: EmulatorState;
	readonly options: ResolvedOptions;
	readonly scheduler: Scheduler;
	readonly simulator: CallSimulator;
	/** Signed webhook delivery with Retell's retries, for events outside a call's lifecycle (chats). */
	readonly dispatcher: WebhookDispatcher;
	/** Origin of the running server, for URLs the emulator serves itself (recordings, KB files). */
	baseUrl(): string;
	/** Seeded PRNG for simulation choices (area-code digits, agent weights, call content). */
	random(): number;
	log(line: string): void;
}

export interface RouteContext {
	params: Record<string, string>;
	query: Record<string, string>;
	/** Parsed JSON body, or undefined when none was sent. */
	body: unknown;
	/** Set when the request was multipart/form-data. */
	multipart?: MultipartBody;
	core: EmulatorCore;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Route {
	method: HttpMethod;
	/** `/get-agent/:agent_id`; each `:name` matches one path segment, percent-decoded. */
	path: string;
	handler: (ctx: RouteContext) => Reply | Promise<Reply>;
}
