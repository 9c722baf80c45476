import { randomUUID } from 'node:crypto';
import { sleep } from './n8n';
import { eventually, retellPost, supabaseSelect } from './requests';
import type { Stack } from './stack';

/**
 * What `npm run dev -- --smoke` proves on the stack `npm run dev` brought up, as a first-time user would see it:
 * the editor answers, every example is there (the webhook ones active), an unsigned event is refused without an
 * execution, and one signed call event runs exactly one successful execution that logs the call in Supabase.
 * Each check throws with what it saw; `log` gets one line per passed check.
 */
export async function smokeCheck(stack: Stack, log: (line: string) => void): Promise<void> {
	const editor = await fetch(`${stack.mainUrl}/`);
	const page = await editor.text();
	if (editor.status !== 200 || !/<title>n8n/i.test(page)) {
		throw new Error(`the editor at ${stack.mainUrl}/ answered ${editor.status} without n8n's page:\n${page.slice(0, 500)}`);
	}
	log(`editor answers at ${stack.mainUrl}/`);

	for (const example of stack.examples) {
		const stored = await stack.api.workflow(example.workflow.id);
		const shouldBeActive = stack.published.includes(example);
		if (stored.name !== example.workflow.name || (shouldBeActive && stored.active !== true)) {
			throw new Error(`example ${example.file}: n8n has ${JSON.stringify({ name: stored.name, active: stored.active })}`);
		}
	}
	log(`${stack.examples.length} examples imported, ${stack.published.length} active`);

	const events = stack.published.flatMap((example) => example.webhooks.map((webhook) => ({ example, webhook })))
		.find(({ webhook }) => webhook.path === 'events');
	if (!events) throw new Error('no published example has a Retell Trigger for call events');
	const workflowId = events.example.workflow.id;
	const url = stack.webhookUrl(events.webhook);
	const before = new Set((await stack.api.executions({ workflowId })).map(({ id }) => id));
	const isNew = (execution: { id: string }): boolean => !before.has(execution.id);

	const callId = `call_smoke_${randomUUID().replace(/-/g, '')}`;
	const body = JSON.stringify({ event: 'call_started', call: startedCall(callId, stack.demo?.agentId) });
	const unsigned = await retellPost(url, body, stack.retell.apiKey, { unsigned: true });
	if (unsigned.status !== 401) throw new Error(`an unsigned event to ${url} got ${unsigned.status}, expected 401`);
	const signed = await retellPost(url, body, stack.retell.apiKey);
	if (signed.status !== 200) throw new Error(`a signed call_started to ${url} got ${signed.status}: ${signed.text.slice(0, 500)}`);

	const [added] = (
		await eventually(
			() => stack.api.executions({ workflowId }),
			(list) => list.some(isNew),
			30_000,
			'the execution of the signed event',
		)
	).filter(isNew);
	// A second execution (the unsigned request let through) would be saved right after the first.
	await sleep(1_000);
	const running = await stack.api.executions({ workflowId, status: 'running' });
	const after = (await stack.api.executions({ workflowId })).filter(isNew).map(({ id, status }) => ({ id, status }));
	if (running.length > 0 || after.length !== 1 || after[0].status !== 'success') {
		throw new Error(`one signed event (after one unsigned) should run one successful execution; got ${JSON.stringify(after)}`);
	}
	const rows = await eventually(
		() => supabaseSelect(stack, 'retell_call_sessions', `call_id=eq.${callId}&select=call_id`),
		(found) => found.length === 1,
		30_000,
		`the session row of ${callId}`,
	);
	log(`signed call_started → execution ${added.id} (success), session row ${String(rows[0].call_id)}; unsigned → 401`);
}

function startedCall(callId: string, agentId = 'agent_smoke_check'): Record<string, unknown> {
	// The fields Retell's call_started carries for a phone call (docs.retellai.com/features/webhook-overview).
	return {
		call_type: 'phone_call',
		call_id: callId,
		agent_id: agentId,
		agent_version: 0,
		call_status: 'ongoing',
		direction: 'outbound',
		from_number: '+14155550100',
		to_number: '+14155550199',
		start_timestamp: Date.now(),
		metadata: { source: 'npm run dev -- --smoke' },
		retell_llm_dynamic_variables: { customer_name: 'Smoke Check' },
	};
}
