import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this analysis reads. */
interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileWindow {
	/** Milliseconds since the profiled process was spawned (its profile starts with it, within a few ms). */
	fromMs: number;
	toMs: number;
	/** Requests served in the window, to express CPU time per request. */
	requests: number;
}

export interface ProfileBreakdown {
	windowMs: number;
	requests: number;
	/** Main-thread CPU (everything but idle) per request. */
	busyMsPerRequest: number;
	idleMsPerRequest: number;
	categories: Array<{ category: string; msPerRequest: number; share: number }>;
	/** Self time; `share` is the percentage of the busy (non-idle) time. */
	topFunctions: Array<{ fn: string; msPerRequest: number; share: number }>;
}

/** The profile n8n's main process wrote (`CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile`). */
export function findProfile(dir: string, pid: number): string | undefined {
	const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile') && name.split('.')[3] === String(pid));
	return file ? path.join(dir, file) : undefined;
}

function packageOf(url: string): string | undefined {
	const parts = url.split('/node_modules/');
	if (parts.length < 2) return undefined;
	const rest = parts[parts.length - 1].split('/');
	return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

const EXPRESS = new Set(['express', 'body-parser', 'raw-body', 'router', 'finalhandler', 'send', 'on-finished', 'qs', 'type-is', 'iconv-lite', 'compression', 'cookie-parser', 'helmet', 'content-type', 'accepts', 'negotiator', 'mime-types', 'xss', 'isbot']);

function category(url: string, fn: string): string {
	if (url === '') {
		if (fn === '(idle)') return 'idle';
		if (fn === '(garbage collector)') return 'garbage collection';
		if (fn === '(program)') return 'V8 and native code (program)';
		return `native (${fn})`;
	}
	if (url.startsWith('node:')) return 'Node.js core (net, http, streams, crypto)';
	const pkg = packageOf(url);
	if (!pkg) return 'other';
	// Our package's own files; its dependencies (retell-sdk, supabase-js) count under their own names.
	if (pkg === 'n8n-nodes-retell') return 'n8n-nodes-retell';
	if (pkg === '@n8n/expression-runtime' || pkg === 'isolated-vm') return 'expression engine (isolated-vm bridge)';
	if (pkg === 'n8n') return 'n8n CLI (webhook server, execution lifecycle, push, DB calls)';
	if (pkg === 'n8n-core') return 'n8n-core (workflow engine)';
	if (pkg === 'n8n-workflow') return 'n8n-workflow (expressions, parameters)';
	if (pkg === 'n8n-nodes-base') return 'n8n-nodes-base (Webhook, Set, NoOp, Respond to Webhook)';
	if (pkg === '@n8n/typeorm' || pkg === 'typeorm' || pkg === 'sqlite3') return 'TypeORM + database driver (JS side)';
	if (pkg === 'pg' || pkg === 'pg-protocol' || pkg === 'pg-pool' || pkg === 'pg-types') return 'TypeORM + database driver (JS side)';
	if (pkg.startsWith('@supabase/')) return 'supabase-js (PostgREST client)';
	if (pkg.startsWith('@n8n/')) return '@n8n/* (db repositories, config, DI, permissions)';
	if (EXPRESS.has(pkg)) return 'Express and body parsing';
	if (pkg.startsWith('@sentry/') || pkg.startsWith('@opentelemetry/') || pkg === 'require-in-the-middle' || pkg === 'import-in-the-middle') {
		return 'Sentry / OpenTelemetry instrumentation';
	}
	if (pkg === 'winston' || pkg.startsWith('winston-') || pkg === 'logform' || pkg === 'triple-beam' || pkg === 'safe-stable-stringify') return 'logging (winston)';
	if (pkg === 'class-validator' || pkg === 'class-transformer' || pkg === 'zod') return 'validation (class-validator, zod)';
	if (pkg === 'lodash' || pkg === 'luxon' || pkg === 'uuid' || pkg === 'nanoid') return 'utilities (lodash, luxon, uuid)';
	if (pkg === 'bull' || pkg === 'ioredis') return 'Bull / ioredis (queue)';
	return `other dependencies`;
}

/** CPU time of the main thread, by where the code lives, within a window of the process's life. */
export function analyzeProfile(file: string, window: ProfileWindow, top = 15): ProfileBreakdown {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const categories = new Map<string, number>();
	const functions = new Map<string, number>();
	let t = 0;
	let windowUs = 0;
	let idleUs = 0;
	for (let index = 0; index < profile.samples.length; index++) {
		t += profile.timeDeltas[index] ?? 0;
		const ms = t / 1000;
		if (ms < window.fromMs || ms > window.toMs) continue;
		const duration = profile.timeDeltas[index + 1] ?? 0;
		const node = byId.get(profile.samples[index]);
		if (!node) continue;
		const { url, functionName, lineNumber } = node.callFrame;
		const name = category(url, functionName);
		windowUs += duration;
		if (name === 'idle') {
			idleUs += duration;
			continue;
		}
		categories.set(name, (categories.get(name) ?? 0) + duration);
		const where = url === '' ? '' : ` (${packageOf(url) ?? url.replace(/^.*\//, '')}:${lineNumber + 1})`;
		const key = `${functionName || '(anonymous)'}${where}`;
		functions.set(key, (functions.get(key) ?? 0) + duration);
	}
	const busyUs = windowUs - idleUs;
	const perRequest = (us: number): number => Math.round((us / 1000 / Math.max(1, window.requests)) * 1000) / 1000;
	return {
		windowMs: Math.round(windowUs / 1000),
		requests: window.requests,
		busyMsPerRequest: perRequest(busyUs),
		idleMsPerRequest: perRequest(idleUs),
		categories: [...categories.entries()]
			.sort((a, b) => b[1] - a[1])
			.map(([name, us]) => ({ category: name, msPerRequest: perRequest(us), share: Math.round((us / Math.max(1, busyUs)) * 1000) / 10 })),
		topFunctions: [...functions.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([fn, us]) => ({ fn, msPerRequest: perRequest(us), share: Math.round((us / Math.max(1, busyUs)) * 1000) / 10 })),
	};
}
