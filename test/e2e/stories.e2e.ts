/**
 * The user stories, each through its example workflow as shipped in examples/, in a real n8n (regular mode)
 * with the package installed as a community package, the Retell emulator and the local Supabase stack.
 */
import type { IDataObject } from 'n8n-workflow';

import { toSessionRow } from '../../nodes/shared/supabase/sessionRow';
import { expectStoredAsMapped } from '../supabase/storedColumns';
import {
	checkAnswerBeforeLaterFailure,
	eventually,
	executionRunData,
	executionsStartedBy,
	inList,
	nodeOutput,
	retellPost,
	runExample,
	settledExecutions,
	supabaseSelect,
	useE2eStack,
	WORKFLOWS,
} from './helpers';
import { analyzedSessions, bookAppointmentBody, callInboundBody, FINAL_STATE, leadsOf, newCallIds, placeTwoHourCall, webhooksOf } from './storiesFixtures';

const stack = useE2eStack('regular');

const emulator = () => stack().retellEmulator();
const webhookUrl = (workflowId: string) => stack().exampleWebhookUrl(workflowId);

describe('n8n loads the package', () => {
	it('has every example imported with the installed node types, and the webhook workflows active', async () => {
		expect(stack().examples.map((example) => example.workflow.id).sort()).toEqual(Object.values(WORKFLOWS).sort());
		const types = new Set(stack().examples.flatMap((example) => example.workflow.nodes.map((node) => node.type)));
		for (const type of ['retell', 'retellTrigger', 'retellSupabase']) expect(types).toContain(`n8n-nodes-retell.${type}`);
		for (const id of [WORKFLOWS.callEvents, WORKFLOWS.customFunction, WORKFLOWS.inboundCall, WORKFLOWS.followUpOnce, WORKFLOWS.smsFollowUp]) {
			expect((await stack().api.workflow(id)).active).toBe(true);
		}
	});
});

describe('provision an agent (examples/01)', () => {
	it('creates LLM, agent and number in Retell and saves the agents row', async () => {
		const agentsBefore = new Set(emulator().state.agents.keys());
		const { output } = await runExample(stack(), WORKFLOWS.provision);
		expect(output).toHaveLength(1);
		const saved = output[0] as Record<string, unknown>;
		const agentId = String(saved.retell_agent_id);
		expect(agentsBefore.has(agentId)).toBe(false);

		const agent = emulator().state.agents.get(agentId);
		expect(agent).toMatchObject({ agent_name: 'Harbor Dental front desk', voice_id: '11labs-Jenny' });
		expect(agent?.webhook_url).toBe(webhookUrl(WORKFLOWS.callEvents));
		const number = [...emulator().state.phoneNumbers.values()].find((candidate) =>
			candidate.outbound_agents?.some((binding) => binding.agent_id === agentId),
		);
		expect(number?.phone_number).toMatch(/^\+1415\d{7}$/);

		const rows = await supabaseSelect(stack(), 'agents', `retell_agent_id=eq.${agentId}&select=*`);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			retell_agent_id: agentId,
			retell_phone_number_id: number?.phone_number,
			phone_number: number?.phone_number,
			provider_type: 'retell',
			name: 'Harbor Dental front desk',
			voice_id: '11labs-Jenny',
		});
	});
});

describe('place calls and log them (examples/02 → examples/03)', () => {
	let ids: string[] = [];

	it('places one Retell call per row, with dynamic variables and metadata', async () => {
		const before = new Set(emulator().state.calls.keys());
		const { output } = await runExample(stack(), WORKFLOWS.placeCalls);
		expect(output).toHaveLength(3);
		ids = newCallIds(stack(), before);
		const created = ids.map((id) => emulator().state.calls.get(id));
		expect(created.map((call) => call && 'to_number' in call && call.to_number).sort()).toEqual([
			'+14155550123',
			'+14155550124',
			'+14155550125',
		]);
		for (const call of created) {
			expect(call).toMatchObject({
				from_number: stack().demo?.phoneNumber,
				agent_id: stack().demo?.agentId,
				metadata: { crm_id: expect.stringMatching(/^C-100\d$/), source: 'n8n call list' },
				retell_llm_dynamic_variables: { customer_name: expect.any(String), appointment: expect.any(String) },
			});
		}
	});

	it("delivers each call's signed webhooks through Retell Trigger into one final session row and one lead", async () => {
		await emulator().idle();
		for (const id of ids) {
			const delivered = webhooksOf(stack(), id);
			expect(delivered.map((webhook) => webhook.event).sort()).toEqual(['call_analyzed', 'call_ended', 'call_started']);
			expect(delivered.every((webhook) => webhook.status === 200 && webhook.attempt === 1)).toBe(true);
		}

		const sessions = await analyzedSessions(stack(), ids);
		expect(sessions.map((row) => row.call_id).sort()).toEqual([...ids].sort());
		for (const row of sessions) {
			const call = emulator().state.calls.get(String(row.call_id));
			expect(row).toMatchObject({
				call_status: call?.call_status,
				retell_agent_id: stack().demo?.agentId,
				duration_ms: call?.duration_ms,
				disconnection_reason: call?.disconnection_reason,
				call_analysis: expect.objectContaining({ call_summary: call?.call_analysis?.call_summary }),
				metadata: { crm_id: expect.any(String), source: 'n8n call list' },
			});
			expect(Object.keys(row.event_timestamps as object).sort()).toEqual(['call_analyzed', 'call_ended', 'call_started']);
		}

		const leads = await leadsOf(stack(), ids);
		expect(leads.map((lead) => lead.call_id).sort()).toEqual([...ids].sort());
		for (const lead of leads) {
			const call = emulator().state.calls.get(String(lead.call_id));
			expect(lead.phone).toBe(call && 'to_number' in call ? call.to_number : undefined);
		}

		const executions = await stack().api.waitForExecutions(
			WORKFLOWS.callEvents,
			(list) => list.filter((execution) => execution.finished).length >= ids.length * 3,
		);
		expect(executions.every((execution) => execution.mode === 'webhook' && execution.status === 'success')).toBe(true);
		const leadRuns = executions.filter((execution) => 'Create lead' in executionRunData(execution));
		expect(leadRuns.length).toBeGreaterThanOrEqual(ids.length);
	});

	it('converges to the same row when Retell re-delivers the events twice and out of order', async () => {
		const callId = ids[0];
		const select = `call_id=eq.${callId}&select=${FINAL_STATE}`;
		const [before] = await supabaseSelect(stack(), 'retell_call_sessions', select);
		const replay = [...webhooksOf(stack(), callId)].reverse();
		for (const webhook of [...replay, ...replay]) {
			const reply = await retellPost(webhook.url, webhook.body, stack().retell.apiKey);
			expect(reply.status).toBe(200);
		}
		const after = await supabaseSelect(stack(), 'retell_call_sessions', select);
		expect(after).toEqual([before]);
		expect(await supabaseSelect(stack(), 'leads', `call_id=eq.${callId}&select=id`)).toHaveLength(1);
	});
});

describe('a follow-up sent once per call (examples/07)', () => {
	it('runs the follow-up for one of three deliveries of call_analyzed, even when two arrive at the same moment', async () => {
		const [call] = emulator().seedCalls(1);
		const body = JSON.stringify({ event: 'call_analyzed', call });
		const url = webhookUrl(WORKFLOWS.followUpOnce);
		const before = new Set((await settledExecutions(stack())).map((execution) => execution.id));
		const first = await retellPost(url, body, stack().retell.apiKey);
		const repeats = await Promise.all([1, 2].map(async () => await retellPost(url, body, stack().retell.apiKey)));
		expect([first, ...repeats].map((reply) => reply.status)).toEqual([200, 200, 200]);

		const executions = await stack().api.waitForExecutions(
			WORKFLOWS.followUpOnce,
			(list) => list.filter((execution) => !before.has(execution.id) && execution.finished).length === 3,
		);
		const mine = executions.filter((execution) => !before.has(execution.id));
		expect(mine.every((execution) => execution.status === 'success')).toBe(true);
		const followUps = mine.filter((execution) => 'Follow-up to send' in executionRunData(execution));
		expect(followUps).toHaveLength(1);
		expect(nodeOutput(executionRunData(followUps[0]), 'Follow-up to send')).toEqual([
			expect.objectContaining({ call_id: call.call_id, to: call.to_number, summary: call.call_analysis?.call_summary }),
		]);
	});
});

describe('a two-hour call (examples/03)', () => {
	it('reaches the session log whole: every event accepted at once, every field stored exactly', async () => {
		const callId = await placeTwoHourCall(stack());
		const delivered = webhooksOf(stack(), callId);
		expect(delivered.map((webhook) => [webhook.event, webhook.status, webhook.attempt])).toEqual([
			['call_started', 200, 1],
			['call_ended', 200, 1],
			['call_analyzed', 200, 1],
		]);
		const analyzed = delivered[2].body;
		expect(Buffer.byteLength(analyzed)).toBeGreaterThan(2 * 1024 * 1024);

		const { event, ...expected } = toSessionRow(JSON.parse(analyzed) as IDataObject) ?? { call_id: callId };
		expect(event).toBe('call_analyzed');
		const [row] = await eventually(
			() => supabaseSelect(stack(), 'retell_call_sessions', `call_id=eq.${callId}&select=*`),
			(rows) => rows[0]?.last_event === 'call_analyzed',
			30_000,
			'the analyzed session of the two-hour call',
		);
		expect(row).toMatchObject({ duration_ms: 7_200_000, disconnection_reason: 'max_duration_reached' });
		expectStoredAsMapped(row, expected);
		expect(await supabaseSelect(stack(), 'leads', `call_id=eq.${callId}&select=call_id`)).toHaveLength(1);
	});
});

describe('custom function (examples/04)', () => {
	it('answers Retell from Answer Retell (Respond: Using Webhook Response Node)', async () => {
		const body = bookAppointmentBody(
			{ call_id: 'call_e2e_function_1', agent_id: stack().demo?.agentId, call_status: 'ongoing' },
			{ date: '2030-01-08', time: '14:00', name: 'Ada Lovelace' },
		);
		const reply = await retellPost(webhookUrl(WORKFLOWS.customFunction), body, stack().retell.apiKey);
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({
			result: {
				booked: true,
				booking_id: 'BK-20300108-1400',
				message: 'Booked Ada Lovelace on 2030-01-08 at 14:00. Reference BK-20300108-1400.',
			},
		});

		const taken = bookAppointmentBody({ call_id: 'call_e2e_function_2', call_status: 'ongoing' }, { date: '2030-01-07', time: '10:00' });
		const refused = await retellPost(webhookUrl(WORKFLOWS.customFunction), taken, stack().retell.apiKey);
		expect(refused.status).toBe(200);
		expect(refused.json).toEqual({ result: { booked: false, message: expect.stringContaining('already taken') } });
	});
});

describe('custom function answered mid-run (Respond: Using Webhook Response Node)', () => {
	it('gives the caller the answer before a later node fails; the failure stays on the execution', async () => {
		await checkAnswerBeforeLaterFailure(stack());
	});
});

describe('inbound call (examples/05)', () => {
	it('answers with the agent override, dynamic variables and metadata', async () => {
		const body = callInboundBody({ from_number: '+14155550123', to_number: stack().demo?.phoneNumber, agent_id: stack().demo?.agentId, agent_version: 0 });
		const reply = await retellPost(webhookUrl(WORKFLOWS.inboundCall), body, stack().retell.apiKey);
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({
			call_inbound: {
				override_agent_id: stack().demo?.agentId,
				dynamic_variables: { customer_name: 'Ada Lovelace', customer_tier: 'vip', last_visit: '2029-11-02' },
				metadata: { crm_id: 'C-1001', looked_up_by: 'n8n' },
			},
		});
	});

	it('keeps the bound agent for an unknown caller', async () => {
		const body = callInboundBody({ from_number: '+14155559999', to_number: stack().demo?.phoneNumber });
		const reply = await retellPost(webhookUrl(WORKFLOWS.inboundCall), body, stack().retell.apiKey);
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({
			call_inbound: {
				dynamic_variables: { customer_name: 'there', customer_tier: 'new', last_visit: 'never' },
				metadata: { crm_id: '', looked_up_by: 'n8n' },
			},
		});
	});
});

describe('signature check', () => {
	it('answers 401 and starts no execution for a tampered, stale, foreign or missing signature', async () => {
		const body = callInboundBody({ from_number: '+14155550123', to_number: '+14155550100' });
		const tampered = body.replace('+14155550123', '+14155550124');
		const key = stack().retell.apiKey;
		const started = await executionsStartedBy(stack(), async () => {
			for (const id of [WORKFLOWS.inboundCall, WORKFLOWS.customFunction, WORKFLOWS.callEvents]) {
				const url = webhookUrl(id);
				expect((await retellPost(url, tampered, key, { signedBody: body })).status).toBe(401);
				expect((await retellPost(url, body, key, { timestampMs: Date.now() - 5 * 60_000 - 1_000 })).status).toBe(401);
				expect((await retellPost(url, body, key, { timestampMs: Date.now() + 5 * 60_000 + 1_000 })).status).toBe(401);
				expect((await retellPost(url, body, key, { apiKey: `${key}x` })).status).toBe(401);
				expect((await retellPost(url, body, key, { unsigned: true })).status).toBe(401);
			}
		});
		expect(started).toEqual([]);
	});
});

describe('scheduled reconcile (examples/06)', () => {
	it('logs the calls whose webhooks never arrived', async () => {
		const missed = emulator().seedCalls(4, { agent_id: stack().demo?.agentId });
		const missedIds = missed.map((call) => call.call_id);
		expect(await supabaseSelect(stack(), 'retell_call_sessions', `call_id=${inList(missedIds)}&select=call_id`)).toEqual([]);
		// Sessions the webhooks already completed: Reconcile lists those calls too and must leave them as they are.
		const complete = `call_id=not.${inList(missedIds)}&select=${FINAL_STATE}&order=call_id`;
		const completeBefore = await supabaseSelect(stack(), 'retell_call_sessions', complete);

		await runExample(stack(), WORKFLOWS.reconcile);
		const rows = await supabaseSelect(stack(), 'retell_call_sessions', `call_id=${inList(missedIds)}&select=*`);
		expect(rows.map((row) => row.call_id).sort()).toEqual([...missedIds].sort());
		for (const row of rows) {
			const call = missed.find((candidate) => candidate.call_id === row.call_id);
			expect(row).toMatchObject({
				call_status: 'ended',
				duration_ms: call?.duration_ms,
				call_summary: 'Seeded call.',
				retell_agent_id: stack().demo?.agentId,
			});
		}
		expect(await supabaseSelect(stack(), 'retell_call_sessions', complete)).toEqual(completeBefore);
	});
});
