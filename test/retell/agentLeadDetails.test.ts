import { byId, useEmulator } from './helpers';

const env = useEmulator({ resource: 'agent' });

const STANDARD_FIELDS = [
	{ type: 'string', name: 'customer_name', description: "The caller's full name as they gave it. Empty if they did not say it." },
	{
		type: 'string',
		name: 'email',
		description: "The caller's email address written out in standard form (name@example.com), lower case. Empty if they did not give one.",
	},
	{
		type: 'string',
		name: 'callback_number',
		description: 'The phone number the caller asked to be called back on, in E.164 form (+14155550100). Empty if they gave none.',
	},
	{ type: 'string', name: 'interest', description: 'What the caller is interested in or asked for, in one short sentence.' },
	{
		type: 'string',
		name: 'appointment_time',
		description:
			'The start of the appointment the caller booked, as an ISO 8601 date and time with its UTC offset (2026-03-14T15:30:00-07:00). Empty if none was booked.',
	},
];

const customLeadFields = {
	field: [
		{ name: 'budget', type: 'number', description: 'The monthly budget in US dollars' },
		{ name: 'lead_temperature', type: 'enum', description: 'How ready to buy', choices: 'hot, warm ,cold' },
		{ name: 'homeowner', type: 'boolean', description: '' },
	],
};

const CUSTOM_FIELDS = [
	{ type: 'number', name: 'budget', description: 'The monthly budget in US dollars' },
	{ type: 'enum', name: 'lead_temperature', description: 'How ready to buy', choices: ['hot', 'warm', 'cold'] },
	// Retell requires a description; the name stands in for an empty one.
	{ type: 'boolean', name: 'homeowner', description: 'homeowner' },
];

const ALL_DETAILS = ['name', 'email', 'phone', 'interest', 'appointmentTime'];

const provision = { operation: 'provision', name: 'Solar Desk', prompt: 'You qualify leads for Acme Solar.' };

describe('Agent → Lead Details (post-call analysis fields for a lead)', () => {
	it('Provision declares the chosen lead details and custom fields on the agent it creates', async () => {
		const run = await env.run({ ...provision, additionalFields: { leadDetails: ALL_DETAILS, customLeadFields } });

		expect(run.status).toBe('success');
		const agentRequest = env.requestsSince(0).find(({ path }) => path === '/create-agent');
		expect(agentRequest?.body).toMatchObject({ post_call_analysis_data: [...STANDARD_FIELDS, ...CUSTOM_FIELDS] });
		const agentId = String(run.json()[0].retell_agent_id);
		expect(env.emulator.state.agents.get(agentId)?.post_call_analysis_data).toEqual([...STANDARD_FIELDS, ...CUSTOM_FIELDS]);
	});

	it('Provision without lead details sends no analysis fields', async () => {
		await env.run(provision);
		const agentRequest = env.requestsSince(0).find(({ path }) => path === '/create-agent');
		expect(agentRequest?.body).not.toHaveProperty('post_call_analysis_data');
	});

	it('Create puts lead fields before the JSON ones, and rejects a name given twice before sending anything', async () => {
		const llm = await env.sdk.llm.create({ general_prompt: 'Hi' });
		const create = {
			operation: 'create',
			responseEngineType: 'retell-llm',
			llmId: byId(llm.llm_id),
			additionalFields: {
				leadDetails: ['email'],
				postCallAnalysisData: JSON.stringify([{ type: 'string', name: 'product', description: 'Product asked about' }]),
			},
		};
		const run = await env.run(create);
		expect(run.json()[0].post_call_analysis_data).toEqual([
			STANDARD_FIELDS[1],
			{ type: 'string', name: 'product', description: 'Product asked about' },
		]);

		const mark = env.emulator.requests.length;
		const twice = await env.run({
			...create,
			additionalFields: { ...create.additionalFields, postCallAnalysisData: JSON.stringify([{ type: 'string', name: 'email', description: 'x' }]) },
		});
		expect(twice.status).toBe('error');
		expect(twice.error?.message).toBe(
			'Post-call analysis field names must be unique across Lead Details, Custom Lead Fields and Post-Call Analysis Data (JSON)',
		);
		expect(twice.error?.description).toBe('Got ["email"].');
		expect(env.emulator.requests.slice(mark)).toEqual([]);
	});

	it.each([
		[{ field: [{ name: '', type: 'string' }] }, 'Custom Lead Fields → Name must be set for every field'],
		[{ field: [{ name: 'tier', type: 'enum', choices: ' , ' }] }, 'Custom Lead Fields → Choices of "tier" must be at least one value, comma-separated'],
	])('names a custom field that cannot be sent: %j', async (fields, message) => {
		const run = await env.run({ ...provision, additionalFields: { customLeadFields: fields } });
		expect(run.status).toBe('error');
		expect(run.error?.message).toBe(message);
		expect(run.error?.context.itemIndex).toBe(0);
		expect(env.emulator.requests).toEqual([]);
	});

	it('Update replaces the analysis fields with the lead details', async () => {
		const created = await env.run({ ...provision, additionalFields: { customLeadFields } });
		const agentId = String(created.json()[0].retell_agent_id);
		const run = await env.run({ operation: 'update', agentId: byId(agentId), updateFields: { leadDetails: ['name', 'interest'] } });

		expect(run.status).toBe('success');
		expect(env.emulator.state.agents.get(agentId)?.post_call_analysis_data).toEqual([STANDARD_FIELDS[0], STANDARD_FIELDS[3]]);
	});

	it("the emulated analysis of a call fills the declared text fields from the call's dynamic variables", async () => {
		const created = await env.run({ ...provision, areaCode: '415', additionalFields: { leadDetails: ALL_DETAILS, customLeadFields } });
		const { phone_number: from } = created.json()[0];
		const call = await env.sdk.call.createPhoneCall({
			from_number: String(from),
			to_number: '+14155550123',
			retell_llm_dynamic_variables: { customer_name: 'Ada Lovelace', email: 'ada@example.com', appointment_time: '2026-03-14T15:30:00-07:00' },
		});
		await env.emulator.idle();

		expect(env.emulator.state.calls.get(call.call_id)?.call_analysis?.custom_analysis_data).toEqual({
			customer_name: 'Ada Lovelace',
			email: 'ada@example.com',
			callback_number: 'callback_number (emulated)',
			interest: 'interest (emulated)',
			appointment_time: '2026-03-14T15:30:00-07:00',
			budget: 1,
			lead_temperature: 'hot',
			homeowner: true,
		});
	});
});
