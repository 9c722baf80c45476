import type { IDataObject } from 'n8n-workflow';

import { fromList, recordRequests, runError, runRetell, useAccount } from './helpers';
import { agents, phoneNumber } from './phoneNumberHelpers';

const env = useAccount();

/** Every key of a request body, at every depth: the deprecated single-agent fields must be none of them. */
function allKeys(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(allKeys);
	if (typeof value !== 'object' || value === null) return [];
	return Object.entries(value).flatMap(([key, nested]) => [key, ...allKeys(nested)]);
}

async function buyNumber(nickname: string): Promise<string> {
	const run = await runRetell(env.emulator, phoneNumber('buy', { areaCode: '212', options: { nickname } }));
	return String(run.json()[0].phone_number);
}

describe('Phone Number → Update', () => {
	it('rebinds weighted agents and renames the number, never with the removed single-agent fields', async () => {
		const number = await buyNumber('Sales');
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			phoneNumber('update', {
				phoneNumber: fromList(number),
				inboundAgents: agents([env.account.agentId, 0.7], [env.account.otherAgentId, 0.3, 'latest_published']),
				outboundAgents: agents([env.account.otherAgentId, 1]),
				updateFields: { nickname: 'Sales (new)', inboundWebhookUrl: 'https://n8n.example.com/webhook/sales' },
			}),
		);

		const [request] = requests();
		expect(request).toMatchObject({ method: 'PATCH', path: `/update-phone-number/${number}` });
		expect(request.body).toEqual({
			inbound_agents: [
				{ agent_id: env.account.agentId, weight: 0.7 },
				{ agent_id: env.account.otherAgentId, weight: 0.3, agent_version: 'latest_published' },
			],
			outbound_agents: [{ agent_id: env.account.otherAgentId, weight: 1 }],
			nickname: 'Sales (new)',
			inbound_webhook_url: 'https://n8n.example.com/webhook/sales',
		});
		expect(allKeys(request.body).filter((key) => /_agent_(id|version)$/.test(key))).toEqual([]);
		expect(run.json()[0]).toMatchObject({ phone_number: number, nickname: 'Sales (new)' });
		expect(env.emulator.state.phoneNumbers.get(number)?.outbound_agents).toEqual([{ agent_id: env.account.otherAgentId, weight: 1 }]);
	});

	it('accepts weights whose floating-point sum is not exactly 1', async () => {
		const number = await buyNumber('Split');
		const run = await runRetell(
			env.emulator,
			phoneNumber('update', {
				phoneNumber: fromList(number),
				inboundAgents: agents([env.account.agentId, 0.1], [env.account.otherAgentId, 0.2], [env.account.agentId, 0.7]),
			}),
		);

		expect(run.status).toBe('success');
	});

	it.each([
		[
			'weights that add up to more than 1',
			{ inboundAgents: agents(['agent_a', 0.7], ['agent_b', 0.7]) },
			'Inbound Agents: the weights add up to 1.4, not 1',
		],
		[
			'a removed single-agent field in Additional Fields',
			{ updateFields: { additionalFieldsJson: '{"outbound_agent_id": "agent_a", "outbound_agent_version": 2}' } },
			'Retell no longer accepts outbound_agent_id, outbound_agent_version',
		],
		['nothing to update', {}, 'Nothing to update: bind agents or add a field under Update Fields'],
	])('refuses %s before any request', async (_case, parameters, message) => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, phoneNumber('update', { phoneNumber: fromList(env.account.fromNumber), ...parameters }));

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it('reports the weights of the item that is wrong under Continue On Fail', async () => {
		const number = await buyNumber('Per item');
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			phoneNumber('update', {
				phoneNumber: fromList(number),
				inboundAgents: { agent: [{ agentId: env.account.agentId, weight: '={{ $json.weight }}', agentVersion: '' }] },
			}),
			{ input: [{ weight: 1 }, { weight: 0.5 }], continueOnFail: true },
		);

		const items = run.items();
		expect(items[0].json).toMatchObject({ phone_number: number });
		expect(items[1]).toEqual({
			json: expect.objectContaining({ error: 'Inbound Agents: the weights add up to 0.5, not 1' }),
			pairedItem: { item: 1 },
		});
		expect(requests()).toHaveLength(1);
	});
});

describe('Phone Number → Delete', () => {
	it('deletes the number and says so', async () => {
		const number = await buyNumber('Temporary');
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, phoneNumber('deletePhoneNumber', { phoneNumber: fromList(number) }));

		expect(requests()).toEqual([
			expect.objectContaining({ method: 'DELETE', path: `/delete-phone-number/${number}`, status: 204 }),
		]);
		expect(run.json()).toEqual([{ deleted: true, phone_number: number } satisfies IDataObject]);
		expect(env.emulator.state.phoneNumbers.has(number)).toBe(false);
	});
});
