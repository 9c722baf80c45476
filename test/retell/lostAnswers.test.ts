import { byId, recordRequests, runError, useAccount } from './helpers';

const env = useAccount();

/** Retell did the work, and its answer was lost on the way back (a gateway 502). */
const lostAnswer = { status: 502, afterHandling: true } as const;

async function newAgent(): Promise<string> {
	const llm = await env.sdk.llm.create({ general_prompt: 'You answer questions.' });
	const agent = await env.sdk.agent.create({ response_engine: { type: 'retell-llm', llm_id: llm.llm_id }, voice_id: '11labs-Jenny' });
	return agent.agent_id;
}

function exchanges(requests: ReturnType<ReturnType<typeof recordRequests>>): string[] {
	return requests.map((request) => `${request.method} ${request.path.replace(/agent_\w+/, 'agent_…')} ${request.status}`);
}

describe('Deletes and publishes whose answer was lost', () => {
	it('report a delete that had worked as deleted, with answer_lost, instead of "Agent not found"', async () => {
		const agentId = await newAgent();
		env.emulator.failNext({ method: 'DELETE', path: `/delete-agent/${agentId}` }, lostAnswer);
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'agent', operation: 'deleteAgent', agentId: byId(agentId) });

		expect(run.json()).toEqual([{ deleted: true, agent_id: agentId, answer_lost: true }]);
		// Looked before repeating: no second DELETE.
		expect(exchanges(requests())).toEqual(['DELETE /delete-agent/agent_… 502', 'GET /get-agent/agent_… 422']);
		expect(env.emulator.state.getAgent(agentId)).toBeUndefined();
	});

	it('send a delete again when Retell shows it had not happened, and report a plain success', async () => {
		const agentId = await newAgent();
		env.emulator.failNext({ method: 'DELETE', path: `/delete-agent/${agentId}` }, { status: 500 });
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'agent', operation: 'deleteAgent', agentId: byId(agentId) });

		expect(run.json()).toEqual([{ deleted: true, agent_id: agentId }]);
		expect(exchanges(requests())).toEqual(['DELETE /delete-agent/agent_… 500', 'GET /get-agent/agent_… 200', 'DELETE /delete-agent/agent_… 204']);
	});

	it.each([
		['call', 'deleteCall', 'callId', (id: string) => `/v2/delete-call/${id}`],
		['phoneNumber', 'deletePhoneNumber', 'phoneNumber', (id: string) => `/delete-phone-number/${id}`],
	])('do the same for %s → %s', async (resource, operation, parameter) => {
		const id =
			resource === 'call'
				? (await env.sdk.call.createPhoneCall({ from_number: env.account.fromNumber, to_number: '+14155550180' })).call_id
				: (await env.sdk.phoneNumber.create({ area_code: 628 })).phone_number;
		if (resource === 'call') {
			await env.emulator.simulateCall(id);
			await env.emulator.idle();
		}
		env.emulator.failNext({ method: 'DELETE', path: new RegExp(`/${id.replace('+', '\\+')}$`) }, lostAnswer);
		// Call ID is a plain text field; the phone number a resource locator.
		const run = await env.run({ resource, operation, [parameter]: resource === 'call' ? id : byId(id) });
		expect(run.json()[0]).toMatchObject({ deleted: true, answer_lost: true });
	});

	it('report a publish that had worked as published, with answer_lost, instead of "already published"', async () => {
		const agentId = await newAgent();
		env.emulator.failNext({ method: 'POST', path: `/publish-agent-version/${agentId}` }, lostAnswer);
		const requests = recordRequests(env.emulator);
		const run = await env.run({ resource: 'agent', operation: 'publish', agentId: byId(agentId), version: 0 });

		expect(run.json()).toEqual([{ published: true, agent_id: agentId, version: 0, answer_lost: true }]);
		expect(exchanges(requests())).toEqual(['POST /publish-agent-version/agent_… 502', 'GET /get-agent/agent_… 200']);
		expect(env.emulator.state.getAgent(agentId, 0)?.is_published).toBe(true);
	});

	it('still fail with Retell\'s message when the write keeps failing', async () => {
		const agentId = await newAgent();
		env.emulator.failNext({ method: 'DELETE', path: `/delete-agent/${agentId}` }, { status: 500 }, 3);
		const run = await env.run({ resource: 'agent', operation: 'deleteAgent', agentId: byId(agentId) });
		expect(runError(run)).toMatchObject({ httpCode: '500', itemIndex: 0 });
		expect(env.emulator.state.getAgent(agentId)).toBeDefined();
	});
});
