/**
 * What a call leaves behind, each through its example workflow in a real n8n (regular mode) with the emulator and the
 * local Supabase: a lead whose details the provisioned agent was told to extract (01 → 03), the week's cost and
 * outcomes per agent (12), the recording kept as a file (11), and the inbound answer sent within Retell's deadline
 * (13; queue mode in queue.e2e.ts), and every event logged by the trigger itself before it is answered (14).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { recordingWav } from '../support/retell-emulator/media';
import { sdkClient } from '../support/retell-emulator/account';
import {
	checkInboundAnswerWithinDeadline,
	checkLogAtTheDoor,
	eventually,
	nodeOutput,
	retellPost,
	runDataOf,
	runExample,
	supabaseSelect,
	useE2eStack,
	WORKFLOWS,
} from './helpers';

const stack = useE2eStack('regular');
const emulator = () => stack().retellEmulator();

const CALLER_DETAILS = {
	customer_name: 'Grace Hopper',
	email: 'grace@example.com',
	interest: 'A cleaning before her wedding',
	appointment_time: '2030-03-14T15:30:00-07:00',
};

let callId = '';
let agentId = '';

describe('a lead with the details the agent was told to extract (examples/01 → examples/03)', () => {
	it('provisions the agent with its lead fields; its call becomes a lead with each detail in its column', async () => {
		const { output } = await runExample(stack(), WORKFLOWS.provision);
		agentId = String((output[0] as Record<string, unknown>).retell_agent_id);
		const agent = emulator().state.agents.get(agentId);
		expect(agent?.post_call_analysis_data?.map((field) => `${field.name}:${field.type}`)).toEqual([
			'customer_name:string',
			'email:string',
			'interest:string',
			'appointment_time:string',
			'new_patient:boolean',
		]);

		const number = [...emulator().state.phoneNumbers.values()].find((candidate) =>
			candidate.outbound_agents?.some((binding) => binding.agent_id === agentId),
		);
		const call = await sdkClient(emulator()).call.createPhoneCall({
			from_number: String(number?.phone_number),
			to_number: '+14155550131',
			retell_llm_dynamic_variables: CALLER_DETAILS,
		});
		callId = call.call_id;
		await emulator().idle();

		const [lead] = await eventually(
			() => supabaseSelect(stack(), 'leads', `call_id=eq.${callId}&select=*`),
			(rows) => rows.length === 1,
			30_000,
			'the lead of the call',
		);
		expect(lead).toMatchObject({
			name: 'Grace Hopper',
			email: 'grace@example.com',
			interest: 'A cleaning before her wedding',
			phone: '+14155550131',
			custom_data: { new_patient: true },
		});
		expect(Date.parse(String(lead.appointment_time))).toBe(Date.parse('2030-03-14T22:30:00Z'));
	});
});

describe('cost and outcomes per agent (examples/12)', () => {
	it("reports the provisioned agent's call: its minutes, its cost in dollars and the cost per minute beside $0.16", async () => {
		const call = emulator().state.calls.get(callId);
		const cents = Number(call?.call_cost?.combined_cost);
		const durationMs = Number(call?.duration_ms);
		const { run, output } = await runExample(stack(), WORKFLOWS.weeklyStats);

		const stats = nodeOutput(runDataOf(run.run), 'Get Stats') as Array<Record<string, unknown>>;
		const row = stats.find((candidate) => candidate.retell_agent_id === agentId);
		expect(row).toMatchObject({
			agent_name: 'Harbor Dental front desk',
			provider_type: 'retell',
			calls: 1,
			connected_calls: 1,
			calls_without_cost: 0,
			successful_calls: 1,
			success_rate: 1,
			baseline_cost_per_minute_usd: 0.16,
		});
		expect(Number(row?.cost_usd)).toBe(Math.round(cents * 100) / 10_000);
		expect(Number(row?.minutes)).toBe(Math.round((durationMs / 60_000) * 100) / 100);
		expect(Number(row?.cost_per_minute_usd)).toBeCloseTo(cents / 100 / (durationMs / 60_000), 3);
		const report = (output as Array<Record<string, unknown>>).find((item) => item.retell_agent_id === agentId);
		expect(report?.text).toMatch(/^Harbor Dental front desk: 1 calls \(1 connected\), [\d.]+ min, \$[\d.]+ = \$[\d.]+\/min vs \$0\.16\/min on the old stack \(-?\d+% saved\), 100% successful$/);
	});
});

describe("every call's recording kept as a file (examples/11)", () => {
	it('downloads the recording of an analyzed call and writes it to the folder n8n may write to', async () => {
		const call = emulator().state.calls.get(callId);
		const before = (await stack().api.executions()).length;
		const reply = await retellPost(stack().exampleWebhookUrl(WORKFLOWS.keepRecordings), JSON.stringify({ event: 'call_analyzed', call }), stack().retell.apiKey);
		expect(reply.status).toBe(200);
		const [execution] = await stack().api.waitForExecutions(WORKFLOWS.keepRecordings, (list) => list.filter((run) => run.finished).length >= 1);
		expect(execution.status).toBe('success');
		expect((await stack().api.executions()).length).toBeGreaterThan(before);

		const saved = readFileSync(path.join(stack().userFolder, '.n8n-files', `${callId}.wav`));
		expect(saved.subarray(0, 4).toString('ascii')).toBe('RIFF');
		expect(saved.equals(recordingWav('recording_url', Number(call?.duration_ms)))).toBe(true);
	});
});

describe("an inbound call answered within Retell's deadline (examples/13)", () => {
	it('gives a fast workflow its own answer, and the fallback while a slow lookup keeps the workflow running', async () => {
		await checkInboundAnswerWithinDeadline(stack());
	});
});

describe('every event logged at the door, executions only for call_analyzed (examples/14)', () => {
	it('stores each event before answering it and runs the workflow once per call', async () => {
		await checkLogAtTheDoor(stack());
	});
});
