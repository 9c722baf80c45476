/**
 * The image and the compose stack users run, for real: docker/Dockerfile built unchanged on stand-in base images,
 * docker/docker-compose.yml started in regular and in queue mode (main + two workers + webhook processor + Redis)
 * on a Docker engine of the test's own (scripts/docker/test.sh), the local Supabase stack outside the containers.
 * Measurements (image size, build and start times, ingest through the webhook processor) are printed at the end;
 * docs/deployment.md records them. Nothing here asserts a duration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { callEventStream } from '../../bench/lib/events';
import { RETELL_DELIVERY, runLoad } from '../../bench/lib/load';
import { percentile } from '../../bench/lib/stats';
import { BenchSupabase } from '../../bench/lib/supabase';
import type { PublicApi } from '../../scripts/n8n/api';
import { ensureN8n, type N8nInstall } from '../../scripts/n8n/n8n';
import { retellPost } from '../../scripts/n8n/requests';
import { waitForWebhook } from '../../scripts/n8n/stack';
import { signRetellBody } from '../support/retell-emulator';
import {
	deployExamples,
	EVENTS_EXAMPLE,
	expectCleanStart,
	FUNCTION_EXAMPLE,
	loadedRetellNodes,
	measured,
	megabytes,
	note,
	PACKAGE_VERSION,
	packageVersionIn,
	RETELL_API_KEY,
	RETELL_NODE_TYPES,
	seconds,
	sendCall,
	sessionsMatch,
	unsignedIsRefused,
	webhookUrl,
} from './composeHelpers';
import { buildImage, contextWithVersion, Deployment, docker, imageNames, imageSize } from './deployment';

let workRoot: string;
let install: N8nInstall;
let supabase: BenchSupabase;
/** docker-compose.yml's n8n image (built here from docker/Dockerfile) and the official image it starts from. */
let images: { ours: string; base: string };

beforeAll(async () => {
	workRoot = mkdtempSync(path.join(tmpdir(), 'retell-docker-'));
	images = await imageNames(workRoot);
	install = await ensureN8n({ quiet: true });
	supabase = await BenchSupabase.start(path.join(workRoot, 'supabase.log'));
	const started = Date.now();
	await buildImage(images.ours);
	note('cold build of docker/Dockerfile (stand-in base images present, no layer cache)', seconds(Date.now() - started));
	const [base, ours] = await Promise.all([imageSize(images.base), imageSize(images.ours)]);
	note('image size', `${megabytes(ours)} (base n8n image ${megabytes(base)}, package layer +${megabytes(ours - base)})`);
}, 900_000);

afterAll(async () => {
	await supabase?.stop();
	if (workRoot && process.env.DOCKER_KEEP !== '1') rmSync(workRoot, { recursive: true, force: true });
	else if (workRoot) process.stdout.write(`[docker] kept ${workRoot} (compose files, .env, containers.log)\n`);
	process.stdout.write(`[docker] summary\n${Object.entries(measured).map(([key, value]) => `  ${key}: ${value}`).join('\n')}\n`);
}, 120_000);

describe('regular mode: one n8n container and PostgreSQL', () => {
	let deployment: Deployment;
	let api: PublicApi;
	let workflowIds: Record<string, string>;

	beforeAll(async () => {
		deployment = await Deployment.prepare({ mode: 'regular', workDir: path.join(workRoot, 'regular'), install });
		const started = Date.now();
		await deployment.up();
		note('regular mode: docker-compose up to n8n ready (fresh volumes, migrations included)', seconds(Date.now() - started));
		expect(await deployment.running()).toEqual(['n8n', 'postgres']);
		api = await deployment.api('docker-regular');
		workflowIds = await deployExamples(api, supabase, [EVENTS_EXAMPLE]);
		await waitForWebhook(webhookUrl(deployment, EVENTS_EXAMPLE));
	}, 600_000);

	afterAll(async () => {
		await deployment?.down(true);
	}, 300_000);

	it('starts the image: n8n loads the three nodes (and their tool variants) with no load error, nothing restarted', async () => {
		await expectCleanStart(deployment, ['postgres', 'n8n']);
		expect(await loadedRetellNodes(deployment)).toEqual(RETELL_NODE_TYPES);
		expect(await packageVersionIn(deployment)).toBe(PACKAGE_VERSION);
	});

	it("logs a call into Supabase from signed events on n8n's port", async () => {
		const stream = await sendCall(deployment, 'regular');
		const check = await sessionsMatch(supabase, stream, 'regular');
		expect(check).toMatchObject({ rows: 1, missing: 0, differing: 0, equal: true });
	});

	it('refuses unsigned and forged events with 401 and starts no execution', async () => {
		await unsignedIsRefused(deployment, api, supabase, workflowIds[EVENTS_EXAMPLE]);
	});

	it('recreated from a rebuilt image runs the new package version; credentials and workflows persist', async () => {
		const oldImage = await docker(['inspect', '--format', '{{.Image}}', await deployment.containerId('n8n')]);
		const context = path.join(workRoot, 'context-next');
		const nextVersion = `${PACKAGE_VERSION}-next.1`;
		contextWithVersion(context, nextVersion);
		let started = Date.now();
		const newImage = await buildImage(images.ours, context);
		note('warm build after a version bump (npm ci and tsc again, base layers cached)', seconds(Date.now() - started));
		expect(newImage).not.toBe(oldImage);

		started = Date.now();
		await deployment.up(); // compose sees the new image and recreates n8n; the n8n_data volume stays
		note('regular mode: recreate with the new image to ready (existing volumes)', seconds(Date.now() - started));
		expect(await docker(['inspect', '--format', '{{.Image}}', await deployment.containerId('n8n')])).toBe(newImage);
		expect(await packageVersionIn(deployment)).toBe(nextVersion);
		await expectCleanStart(deployment, ['n8n']);
		expect(await deployment.running()).toEqual(['n8n', 'postgres']);

		const again = await deployment.api('docker-regular-after-upgrade');
		const workflow = await again.workflow(workflowIds[EVENTS_EXAMPLE]);
		expect(workflow.active).toBe(true);
		await waitForWebhook(webhookUrl(deployment, EVENTS_EXAMPLE));
		// The stored credentials still decrypt: the published workflow logs a new call with them.
		const stream = await sendCall(deployment, 'upgraded');
		expect(await sessionsMatch(supabase, stream, 'upgraded')).toMatchObject({ rows: 1, equal: true });
	}, 600_000);
});

describe('queue mode: main, two workers, webhook processor, Redis', () => {
	let deployment: Deployment;
	let api: PublicApi;
	let workflowIds: Record<string, string>;

	beforeAll(async () => {
		// This checkout's image again, whatever the upgrade story left tagged: from the layer cache.
		let started = Date.now();
		await buildImage(images.ours);
		note('rebuild of docker/Dockerfile with nothing changed', seconds(Date.now() - started));
		deployment = await Deployment.prepare({ mode: 'queue', workDir: path.join(workRoot, 'queue'), install, workers: 2 });
		started = Date.now();
		await deployment.up();
		note('queue mode: docker-compose up to main, webhook processor and both workers ready', seconds(Date.now() - started));
		expect(await deployment.running()).toEqual(['n8n', 'n8n-webhook', 'n8n-worker', 'n8n-worker-2', 'postgres', 'redis']);
		api = await deployment.api('docker-queue');
		workflowIds = await deployExamples(api, supabase, [EVENTS_EXAMPLE, FUNCTION_EXAMPLE]);
		await waitForWebhook(webhookUrl(deployment, EVENTS_EXAMPLE));
		await waitForWebhook(webhookUrl(deployment, FUNCTION_EXAMPLE));
	}, 600_000);

	afterAll(async () => {
		await deployment?.down(true);
	}, 300_000);

	const workerLogs = async (): Promise<string> =>
		(await Promise.all(['n8n-worker', 'n8n-worker-2'].map((worker) => deployment.logs(worker)))).join('\n');

	it('starts every container from the same image with no load error', async () => {
		await expectCleanStart(deployment, deployment.services);
		const imagesRun = await Promise.all(
			['n8n', 'n8n-webhook', 'n8n-worker', 'n8n-worker-2'].map(async (service) => docker(['inspect', '--format', '{{.Config.Image}}', await deployment.containerId(service)])),
		);
		expect(new Set(imagesRun)).toEqual(new Set([images.ours]));
		expect(await loadedRetellNodes(deployment)).toEqual(RETELL_NODE_TYPES);
	});

	it('logs a call through the webhook processor, executed by the workers', async () => {
		const stream = await sendCall(deployment, 'queue');
		expect(await sessionsMatch(supabase, stream, 'queue')).toMatchObject({ rows: 1, equal: true });
		const executions = await api.waitForExecutions(workflowIds[EVENTS_EXAMPLE], (list) => list.filter((e) => e.status === 'success').length >= 3);
		const logs = await workerLogs();
		for (const execution of executions) expect(logs).toMatch(new RegExp(`execution ${execution.id}\\b`, 'i'));
	});

	it('answers a custom function through the webhook processor', async () => {
		const body = JSON.stringify({
			name: 'book_appointment',
			call: { call_id: 'call_docker_function', call_status: 'ongoing' },
			args: { date: '2030-01-09', time: '09:30', name: 'Grace Hopper' },
		});
		const reply = await retellPost(webhookUrl(deployment, FUNCTION_EXAMPLE), body, RETELL_API_KEY);
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({ result: { booked: true, booking_id: 'BK-20300109-0930' } });
		const bad = await retellPost(webhookUrl(deployment, FUNCTION_EXAMPLE), body, RETELL_API_KEY, { timestampMs: Date.now() - 10 * 60_000 });
		expect(bad.status).toBe(401);
	});

	it('ingests signed events through the webhook processor with one and with two workers, losing none', async () => {
		const ingest = async (label: string, prefix: string): Promise<void> => {
			const stream = callEventStream({ total: 600, duplicateShare: 0.2, seed: 2026, prefix });
			const bodies = stream.events.map((event) => JSON.stringify(event));
			const url = webhookUrl(deployment, EVENTS_EXAMPLE);
			const agent = new Agent({ keepAlive: true, maxSockets: 20 });
			const result = await runLoad({
				count: bodies.length,
				concurrency: 20,
				retry: RETELL_DELIVERY,
				agent,
				request: (index) => ({
					url,
					headers: { 'content-type': 'application/json', 'x-retell-signature': signRetellBody(bodies[index], RETELL_API_KEY, Date.now()) },
					body: bodies[index],
				}),
			}).finally(() => agent.destroy());
			const check = await sessionsMatch(supabase, stream, prefix, 60_000);
			const sorted = [...result.ackMs].sort((a, b) => a - b);
			note(
				`queue ingest, ${label}`,
				`${bodies.length} events (${stream.calls} calls, 20% duplicates) at concurrency 20: ${result.perSecond.toFixed(1)} events/s, ` +
					`ack p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, retried ${result.attempts - bodies.length}, ` +
					`lost ${result.failed.length + check.missing + check.differing}`,
			);
			expect({ unacknowledged: result.failed.length, rows: check.rows, missing: check.missing, differing: check.differing }).toEqual({
				unacknowledged: 0,
				rows: stream.calls,
				missing: 0,
				differing: 0,
			});
		};
		await deployment.compose(['stop', 'n8n-worker-2']);
		await ingest('one worker', 'ingest1w');
		await deployment.compose(['start', 'n8n-worker-2']);
		await deployment.waitReady();
		await ingest('two workers', 'ingest2w');
	}, 600_000);
});
