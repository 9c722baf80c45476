import type { SupabaseStack } from '../../test/support/supabase-stack/stack';
import type { RetellEmulator, RetellEmulatorOptions } from '../../test/support/retell-emulator';
import type { Owner, PublicApi } from './api';
import type { DemoAccount } from './demo-seed';
import type { Example, ExampleWebhook } from './examples';
import type { N8nConfig, N8nInstall, N8nProcess } from './n8n';
import type { RedisServer } from './redis';
import type { N8nTraits } from './versions';

export type ExecutionMode = 'regular' | 'queue';

export interface RetellTarget {
	apiKey: string;
	baseUrl: string;
}

export interface SupabaseTarget {
	url: string;
	serviceRoleKey: string;
}

export interface StackOptions {
	mode: ExecutionMode;
	/** N8N_USER_FOLDER (n8n data in `<userFolder>/.n8n`). */
	userFolder: string;
	encryptionKey: string;
	owner: Owner;
	/** Port of the main process (editor, API); free one when absent. */
	port?: number;
	/** Queue mode: port of the webhook processor; free one when absent. */
	webhookPort?: number;
	/** Host in WEBHOOK_URL and printed URLs (n8n listens on 127.0.0.1 either way). */
	publicHost?: string;
	/** WEBHOOK_URL override: the public origin Retell reaches n8n at (a tunnel), when real Retell is used. */
	publicWebhookUrl?: string;
	/** Real Retell instead of the emulator. */
	retell?: RetellTarget;
	/** A real Supabase project instead of the local stack. */
	supabase?: SupabaseTarget;
	emulator?: RetellEmulatorOptions;
	/** 'always' (tests) or only the examples whose file changed since the last import (dev keeps edits). */
	importExamples: 'always' | 'changed' | 'never';
	/** Which imported examples to publish (activate); default: those with a webhook or schedule trigger. */
	publish?: (example: Example) => boolean;
	/** Extra environment for every n8n process. */
	n8nEnv?: Record<string, string>;
	/** Mirror n8n's output on our stdout. */
	echo?: boolean;
	/** Progress lines. */
	log?: (line: string) => void;
	apiKeyLabel?: string;
	/** Install even if some node/credential files listed in package.json are not built (dev only). */
	allowMissingNodes?: boolean;
	/** Folder of example workflows (default: examples/). */
	examplesDir?: string;
}

export interface Stack {
	mode: ExecutionMode;
	install: N8nInstall;
	/** What this n8n version does differently (versions.ts). */
	traits: N8nTraits;
	config: N8nConfig;
	/** Main process origin (editor, REST, public API), e.g. http://127.0.0.1:5678 */
	mainUrl: string;
	/** Where production webhooks go: the main process, or the webhook processor in queue mode. */
	webhookOrigin: string;
	/** WEBHOOK_URL as n8n shows it in the editor. */
	publicWebhookUrl: string;
	processes: N8nProcess[];
	redis?: RedisServer;
	emulator?: RetellEmulator;
	supabaseStack?: SupabaseStack;
	retell: RetellTarget;
	supabase: SupabaseTarget;
	demo?: DemoAccount;
	api: PublicApi;
	apiKey: string;
	examples: Example[];
	published: Example[];
	logDir: string;
	timings: Record<string, number>;
	/** URL of an example's Retell Trigger on this instance. */
	webhookUrl(webhook: ExampleWebhook): string;
	example(idOrFile: string): Example;
	stop(): Promise<void>;
}
