import { bindingsOf, planAgentRegistration } from '../../nodes/RetellTrigger/agentVersions';
import type { PhoneNumberResponse } from '../../nodes/shared/retell/transport/types';

const draftOnTop = [
	{ version: 0, is_published: true },
	{ version: 1, is_published: true },
	{ version: 2, is_published: false },
];
const publishedOnTop = draftOnTop.slice(0, 2);
const on = (agent_version?: number | string | null) => [{ phone_number: '+14155550100', direction: 'inbound' as const, agent_version }];

describe('which version a registered URL reaches', () => {
	it('writes on the latest version when it is a draft, else on a new draft from it', () => {
		expect(planAgentRegistration(draftOnTop, [], false).target).toEqual({ kind: 'draft', version: 2 });
		expect(planAgentRegistration(publishedOnTop, [], false).target).toEqual({ kind: 'newDraft', baseVersion: 1 });
		expect(planAgentRegistration([], [], false).target).toEqual({ kind: 'draft', version: 0 });
	});

	it.each([
		['no version (the latest)', undefined, false, []],
		['null', null, false, []],
		['"latest"', 'latest', false, []],
		['the draft by number', 2, false, []],
		['the draft by number as text', '2', false, []],
		['"latest_published", publishing', 'latest_published', true, []],
		['"latest_published", not publishing', 'latest_published', false, ['version 1 (published)']],
		['a published version by number', 1, true, ['version 1 (published)']],
		['another tag', 'prod', true, ['the version tagged "prod"']],
	])('%s', (_label, reference, publish, runs) => {
		expect(planAgentRegistration(draftOnTop, on(reference), publish).unreached.map((binding) => binding.runs)).toEqual(runs);
	});

	it('reads bindings from both directions of every number, only for the agent', () => {
		const numbers = [
			{
				phone_number: '+14155550100',
				phone_number_type: 'retell-twilio',
				last_modification_timestamp: 0,
				inbound_agents: [{ agent_id: 'agent_a', weight: 0.5, agent_version: 3 }, { agent_id: 'agent_b', weight: 0.5 }],
				outbound_agents: [{ agent_id: 'agent_a', weight: 1 }],
			},
			{ phone_number: '+14155550101', phone_number_type: 'custom', last_modification_timestamp: 0 },
		] as PhoneNumberResponse[];
		expect(bindingsOf('agent_a', numbers)).toEqual([
			{ phone_number: '+14155550100', direction: 'inbound', agent_version: 3 },
			{ phone_number: '+14155550100', direction: 'outbound', agent_version: undefined },
		]);
	});
});
