/**
 * The call story again in queue mode: main + worker + webhook processor, Redis, one SQLite database.
 * Retell's requests go to the webhook processor, executions run on the worker.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
	checkAnswerBeforeLaterFailure,
	checkLogAtTheDoor,
	checkInboundAnswerWithinDeadline,
	eventually,
	executionsStartedBy,
	inList,
	retellPost,
	runExample,
	supabaseSelect,
	useE2eStack,
	WORKFLOWS,
} from './helpers';

const stack = useE2eStack('queue');

const emulator = () => stack().retellEmulator();
const webhookUrl = (workflowId: string) => stack().exampleWebhookUrl(workflowId);

function workerLog(): string {
	return readFileSync(path.join(stack().logDir, 'n8n-worker.log'), 'utf8');
}

it('runs main, worker and webhook processor, with webhooks on the processor', () => {
	expect(stack().processes.map((process) => process.role).sort()).toEqual(['start', 'webhook', 'worker']);
	expect(stack().webhookOrigin).not.toBe(stack().mainUrl);
	expect(stack().webhookUrl(stack().example(WORKFLOWS.customFunction).webhooks[0])).toContain(stack().webhookOrigin);
});

it('answers a custom function from Answer Retell, executed by the worker', async () => {
	const body = JSON.stringify({
		name: 'book_appointment',
		call: { call_id: 'call_e2e_queue_function', call_status: 'ongoing' },
		args: { date: '2030-01-09', time: '09:30', name: 'Grace Hopper' },
	});
	const reply = await retellPost(webhookUrl(WORKFLOWS.customFunction), body, stack().retell.apiKey);
	expect(reply.status).toBe(200);
	expect(reply.json).toMatchObject({ result: { booked: true, booking_id: 'BK-20300109-0930' } });
	const executions = await stack().api.waitForExecutions(WORKFLOWS.customFunction, (list) => list.some((e) => e.status === 'success'));
	expect(executions[0].mode).toBe('webhook');
	expect(workerLog()).toMatch(new RegExp(`finished execution ${executions[0].id}\\b`, 'i'));
});

it('answers from Answer Retell mid-run (worker → webhook processor), before a later node fails', async () => {
	await checkAnswerBeforeLaterFailure(stack());
});

it('refuses a bad signature at the webhook processor without enqueuing anything', async () => {
	const body = JSON.stringify({ event: 'call_inbound', call_inbound: { from_number: '+14155550123', to_number: '+14155550100' } });
	const started = await executionsStartedBy(stack(), async () => {
		const stale = await retellPost(webhookUrl(WORKFLOWS.inboundCall), body, stack().retell.apiKey, { timestampMs: Date.now() - 10 * 60_000 });
		const tampered = await retellPost(webhookUrl(WORKFLOWS.inboundCall), body.replace('0123', '0999'), stack().retell.apiKey, { signedBody: body });
		expect([stale.status, tampered.status]).toEqual([401, 401]);
	});
	expect(started).toEqual([]);
});

it('places calls and logs each one to Supabase: one session with the final state and one lead per call', async () => {
	const callsBefore = new Set(emulator().state.calls.keys());
	await runExample(stack(), WORKFLOWS.placeCalls);
	const ids = [...emulator().state.calls.keys()].filter((id) => !callsBefore.has(id));
	expect(ids).toHaveLength(3);
	await emulator().idle();
	const delivered = emulator().webhooks.filter((webhook) => ids.some((id) => webhook.body.includes(`"${id}"`)));
	expect(delivered.map((webhook) => webhook.status)).toEqual(delivered.map(() => 200));
	expect(delivered.filter((webhook) => webhook.event === 'call_analyzed')).toHaveLength(3);

	const sessions = await eventually(
		() => supabaseSelect(stack(), 'retell_call_sessions', `call_id=${inList(ids)}&select=*`),
		(rows) => rows.length === 3 && rows.every((row) => row.call_analysis !== null && row.call_status === 'ended'),
		60_000,
		'three analyzed sessions',
	);
	expect(sessions).toHaveLength(3);
	const leads = await eventually(
		() => supabaseSelect(stack(), 'leads', `call_id=${inList(ids)}&select=*`),
		(rows) => rows.length === 3,
		30_000,
		'three leads',
	);
	expect(leads).toHaveLength(3);
	const executions = await stack().api.executions({ workflowId: WORKFLOWS.callEvents });
	for (const execution of executions) expect(workerLog()).toMatch(new RegExp(`finished execution ${execution.id}\\b`, 'i'));
});

it("answers an inbound call within Retell's deadline: the worker's own answer when fast, the fallback from the webhook processor when slow", async () => {
	await checkInboundAnswerWithinDeadline(stack());
});

it('logs every event at the webhook processor before answering it; only call_analyzed reaches the worker (examples/14)', async () => {
	await checkLogAtTheDoor(stack());
	const executions = await stack().api.executions({ workflowId: WORKFLOWS.logAtTheDoor });
	for (const execution of executions) expect(workerLog()).toMatch(new RegExp(`finished execution ${execution.id}\\b`, 'i'));
});
