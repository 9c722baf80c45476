import type { WebhookServer } from '../support/harness';
import { sendInboundCallWebhook } from '../support/retell-emulator/functionCalls';
import { provision, runCall, startTrigger, useRetell } from './helpers';

const account = useRetell();
let server: WebhookServer;

const OLD_URL = 'https://old.example.com/retell-hook';

afterEach(async () => {
	await server.close();
	account.emulator.reset();
});

function apiCalls() {
	return account.emulator.requests.map((request) => `${request.method} ${request.path}`);
}

describe('Retell Trigger: registering on an agent', () => {
	async function setUp(agentFields = {}) {
		const provisioned = await provision(account.client, agentFields);
		server = await startTrigger(account, {
			mode: 'callEvents',
			events: ['call_ended', 'call_analyzed'],
			registration: 'agent',
			agentId: { mode: 'id', value: provisioned.agentId },
		});
		account.emulator.requests.length = 0;
		return provisioned;
	}

	it("sets the agent's webhook URL and events on activation, and restores the previous ones on deactivation", async () => {
		const { agentId, phoneNumber } = await setUp({ webhook_url: OLD_URL, webhook_events: ['call_started'] });

		expect(await server.runHook('checkExists')).toBe(false);
		expect(await server.runHook('create')).toBe(true);
		expect(await server.runHook('checkExists')).toBe(true);
		expect(account.emulator.state.agents.get(agentId)).toMatchObject({
			webhook_url: server.webhookUrl(),
			webhook_events: ['call_ended', 'call_analyzed'],
		});
		expect(server.workflow.staticData['node:Retell Trigger']).toEqual({
			registration: {
				kind: 'agent',
				id: agentId,
				url: server.webhookUrl(),
				previous: { url: OLD_URL, events: ['call_started'] },
				version: 0,
				published: false,
			},
		});

		// Retell now calls the trigger: only the two events it asked for arrive.
		await runCall(account, phoneNumber);
		await server.idle();
		expect(server.executions.map((run) => run.json()[0].event)).toEqual(['call_ended', 'call_analyzed']);
		expect(account.emulator.webhooks.every((hook) => hook.url === server.webhookUrl())).toBe(true);

		expect(await server.runHook('delete')).toBe(true);
		expect(account.emulator.state.agents.get(agentId)).toMatchObject({ webhook_url: OLD_URL, webhook_events: ['call_started'] });
		expect(server.workflow.staticData['node:Retell Trigger']).toEqual({});
	});

	it('restores "no webhook" as no webhook (null URL and default events)', async () => {
		const { agentId } = await setUp();
		await server.runHook('create');
		await server.runHook('delete');
		const agent = account.emulator.state.agents.get(agentId);
		expect(agent?.webhook_url ?? null).toBeNull();
		expect(agent?.webhook_events ?? null).toBeNull();
		expect(account.emulator.requests.filter((request) => request.method === 'PATCH').at(-1)?.body).toEqual({
			webhook_url: null,
			webhook_events: null,
		});
	});

	it('a second create never saves its own URL as the previous one', async () => {
		const { agentId } = await setUp({ webhook_url: OLD_URL });
		await server.runHook('create');
		await server.runHook('create');
		await server.runHook('delete');
		expect(account.emulator.state.agents.get(agentId)?.webhook_url).toBe(OLD_URL);
	});

	it('does not clobber a URL someone else set while the workflow was active', async () => {
		const { agentId } = await setUp({ webhook_url: OLD_URL });
		await server.runHook('create');
		await account.client.agent.update(agentId, { webhook_url: 'https://someone-else.example.com/hook' });
		account.emulator.requests.length = 0;

		expect(await server.runHook('delete')).toBe(true);

		expect(account.emulator.state.agents.get(agentId)?.webhook_url).toBe('https://someone-else.example.com/hook');
		expect(apiCalls()).toEqual([`GET /get-agent/${agentId}`]);
		expect(server.workflow.staticData['node:Retell Trigger']).toEqual({});
	});

	it('treats an agent deleted meanwhile as done', async () => {
		const { agentId } = await setUp();
		await server.runHook('create');
		await account.client.agent.delete(agentId);
		expect(await server.runHook('delete')).toBe(true);
		expect(server.workflow.staticData['node:Retell Trigger']).toEqual({});
	});

	it('fails activation with a clear error when the agent does not exist', async () => {
		await setUp();
		server.trigger.parameters.agentId = { __rl: true, mode: 'id', value: 'agent_doesnotexist000' };
		await expect(server.runHook('checkExists')).rejects.toThrow('Agent not found');
	});

	it('reports the events as part of "exists": other events on the agent mean it must be set again', async () => {
		const { agentId } = await setUp();
		await server.runHook('create');
		await account.client.agent.update(agentId, { webhook_events: ['call_started'] });
		expect(await server.runHook('checkExists')).toBe(false);
	});
});

describe('Retell Trigger: registering on an agent with published versions (https://docs.retellai.com/agent/version)', () => {
	async function publishedAgent(binding: { agent_version?: number | string }) {
		const provisioned = await provision(account.client, { webhook_url: OLD_URL });
		await account.client.agent.publish(provisioned.agentId, { version: 0 });
		await account.client.phoneNumber.update(provisioned.phoneNumber, {
			outbound_agents: [{ agent_id: provisioned.agentId, weight: 1, ...binding }],
		});
		return provisioned;
	}

	async function startOn(agentId: string, publishAgentVersion: boolean) {
		server = await startTrigger(account, {
			mode: 'callEvents',
			events: ['call_ended'],
			registration: 'agent',
			agentId: { mode: 'id', value: agentId },
			publishAgentVersion,
		});
		account.emulator.requests.length = 0;
	}

	it('refuses activation, changing nothing, when a number runs the published version the URL cannot go on', async () => {
		const { agentId, phoneNumber } = await publishedAgent({ agent_version: 0 });
		await startOn(agentId, false);

		const activation = server.runHook('create');
		await expect(activation).rejects.toThrow('Calls on some phone numbers would not reach this workflow');
		await expect(activation).rejects.toMatchObject({
			description: expect.stringContaining(`${phoneNumber} (outbound: version 0 (published))`),
		});
		expect(apiCalls().filter((call) => !call.startsWith('GET '))).toEqual([]);
		expect(account.emulator.state.getAgent(agentId, 0)?.webhook_url).toBe(OLD_URL);
		expect(account.emulator.state.agentVersions.get(agentId)).toHaveLength(1);
	});

	it('puts the URL on a new draft when the latest version is published, which numbers on "latest" run', async () => {
		const { agentId, phoneNumber } = await publishedAgent({});
		await startOn(agentId, false);

		expect(await server.runHook('create')).toBe(true);
		expect(apiCalls().filter((call) => !call.startsWith('GET '))).toEqual([`POST /create-agent-version/${agentId}`, `PATCH /update-agent/${agentId}`]);
		expect(account.emulator.state.getAgent(agentId, 0)).toMatchObject({ webhook_url: OLD_URL, is_published: true });
		expect(account.emulator.state.getAgent(agentId, 1)).toMatchObject({ webhook_url: server.webhookUrl(), is_published: false });

		await runCall(account, phoneNumber);
		await server.idle();
		expect(server.executions.map((run) => run.json()[0].event)).toEqual(['call_ended']);

		expect(await server.runHook('delete')).toBe(true);
		expect(account.emulator.state.getAgent(agentId, 1)?.webhook_url).toBe(OLD_URL);
	});

	it('with Publish Agent Version: publishes the URL for numbers on "latest_published", and publishes the previous URL again on deactivation', async () => {
		const { agentId, phoneNumber } = await publishedAgent({ agent_version: 'latest_published' });
		await startOn(agentId, true);

		expect(await server.runHook('checkExists')).toBe(false);
		expect(await server.runHook('create')).toBe(true);
		expect(await server.runHook('checkExists')).toBe(true);
		expect(account.emulator.state.getAgent(agentId, 1)).toMatchObject({ webhook_url: server.webhookUrl(), is_published: true });

		const callId = await runCall(account, phoneNumber);
		await server.idle();
		expect(server.executions.map((run) => run.json()[0])).toEqual([expect.objectContaining({ event: 'call_ended', call_id: callId, agent_version: 1 })]);

		expect(await server.runHook('delete')).toBe(true);
		expect(account.emulator.state.getAgent(agentId, 2)).toMatchObject({ webhook_url: OLD_URL, is_published: true, base_version: 1 });
		expect(server.workflow.staticData['node:Retell Trigger']).toEqual({});
		// Calls now run version 2 again, which sends to the old URL, not to the deactivated trigger.
		account.emulator.webhooks.length = 0;
		await runCall(account, phoneNumber);
		expect(account.emulator.webhooks.map((hook) => hook.url)).toEqual(expect.arrayContaining([OLD_URL]));
		expect(account.emulator.webhooks.some((hook) => hook.url === server.webhookUrl())).toBe(false);
	});

	it('with Publish Agent Version, still refuses numbers pinned to an older version number', async () => {
		const { agentId } = await publishedAgent({ agent_version: 0 });
		await startOn(agentId, true);
		await expect(server.runHook('create')).rejects.toMatchObject({
			description: expect.stringContaining('Bind those numbers to "latest_published" or "latest"'),
		});
	});
});

describe("Retell Trigger: registering on a phone number's inbound webhook", () => {
	it('sets and restores inbound_webhook_url, and Retell then calls the trigger', async () => {
		const { phoneNumber } = await provision(account.client);
		await account.client.phoneNumber.update(phoneNumber, { inbound_webhook_url: OLD_URL });
		server = await startTrigger(
			account,
			{ mode: 'inboundCall', registration: 'phoneNumber', phoneNumber: { mode: 'id', value: phoneNumber } },
			[{ type: 'test.setJson', parameters: { json: '{"call_inbound": {"dynamic_variables": {"tier": "gold"}}}' } }],
		);

		expect(await server.runHook('checkExists')).toBe(false);
		await server.runHook('create');
		const registered = account.emulator.state.phoneNumbers.get(phoneNumber)?.inbound_webhook_url;
		expect(registered).toBe(server.webhookUrl());

		const answer = await sendInboundCallWebhook({
			url: registered!,
			apiKey: account.emulator.apiKey,
			fromNumber: '+14155550123',
			toNumber: phoneNumber,
		});
		expect(answer.callInbound).toEqual({ dynamic_variables: { tier: 'gold' } });

		await server.runHook('delete');
		expect(account.emulator.state.phoneNumbers.get(phoneNumber)?.inbound_webhook_url).toBe(OLD_URL);
	});
});

describe('Retell Trigger: without registration', () => {
	it.each([
		['call events', { mode: 'callEvents' }],
		['custom function', { mode: 'customFunction' }],
		['inbound call', { mode: 'inboundCall' }],
	])('%s: exists already, creates and deletes nothing, calls no API', async (_label, parameters) => {
		server = await startTrigger(account, parameters);
		expect(await server.runHook('checkExists')).toBe(true);
		expect(await server.runHook('create')).toBe(true);
		expect(await server.runHook('delete')).toBe(true);
		expect(account.emulator.requests).toHaveLength(0);
	});
});
