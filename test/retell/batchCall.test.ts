import { byId, fromList, recordRequests, runError, runRetell, useAccount } from './helpers';

const env = useAccount();

const START_AT = Date.UTC(2030, 5, 1, 16, 0, 0);

const createBatch = (parameters: Record<string, unknown> = {}) => ({
	resource: 'batchCall',
	operation: 'create',
	fromNumber: fromList(env.account.fromNumber),
	toNumber: '={{ $json.phone }}',
	dynamicVariables: { variable: [{ name: 'customer_name', value: '={{ $json.name }}' }] },
	...parameters,
});

const leads = [
	{ phone: '+14155550201', name: 'Ada', crm: 1 },
	{ phone: '+4520123456', name: 'Grace', crm: 2, agent: 'other' },
	{ phone: '+14155550203', name: 'Linus', crm: 3 },
];

describe('Batch Call → Create', () => {
	it('makes one batch from all items, one task per item, with the batch settings', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			createBatch({
				overrideAgentId: byId(`={{ $json.agent ? "${env.account.otherAgentId}" : "" }}`),
				taskOptions: { metadataJson: '={{ { "crm_id": $json.crm } }}' },
				batchOptions: {
					name: 'Spring campaign',
					triggerAt: new Date(START_AT).toISOString(),
					reservedConcurrency: 2,
					callTimeWindow: {
						window: { timezone: 'America/New_York', days: ['Monday', 'Tuesday'], hours: '09:00-12:00, 13:30-17:00' },
					},
				},
			}),
			{ input: leads },
		);

		expect(run.status).toBe('success');
		expect(requests()).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/create-batch-call',
				status: 201,
				body: {
					from_number: env.account.fromNumber,
					tasks: [
						{ to_number: '+14155550201', retell_llm_dynamic_variables: { customer_name: 'Ada' }, metadata: { crm_id: 1 } },
						{
							to_number: '+4520123456',
							override_agent_id: env.account.otherAgentId,
							retell_llm_dynamic_variables: { customer_name: 'Grace' },
							metadata: { crm_id: 2 },
						},
						{ to_number: '+14155550203', retell_llm_dynamic_variables: { customer_name: 'Linus' }, metadata: { crm_id: 3 } },
					],
					name: 'Spring campaign',
					trigger_timestamp: START_AT,
					reserved_concurrency: 2,
					call_time_window: {
						windows: [
							{ start: 540, end: 720 },
							{ start: 810, end: 1020 },
						],
						day: ['Monday', 'Tuesday'],
						timezone: 'America/New_York',
					},
				},
			}),
		]);
		const items = run.items();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			batch_call_id: expect.any(String),
			name: 'Spring campaign',
			from_number: env.account.fromNumber,
			total_task_count: 3,
		});
		expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(env.emulator.state.batchCalls.has(String(items[0].json.batch_call_id))).toBe(true);
	});

	it('sends only the from number and the tasks when nothing else is set', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, createBatch({ dynamicVariables: {} }), { input: leads.slice(0, 2) });

		expect(run.status).toBe('success');
		expect(requests().map((request) => request.body)).toEqual([
			{ from_number: env.account.fromNumber, tasks: [{ to_number: '+14155550201' }, { to_number: '+4520123456' }] },
		]);
	});

	it('sends every per-task field: agent version, agent override, SIP headers, and the JSON escape hatch last', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(
			env.emulator,
			createBatch({
				dynamicVariables: {},
				overrideAgentId: byId(env.account.otherAgentId),
				taskOptions: {
					overrideAgentVersion: '0',
					agentOverride: '={{ { "agent": { "voice_id": "11labs-Adrian" }, "retell_llm": { "begin_message": "Hi " + $json.name } } }}',
					customSipHeaders: { header: [{ name: 'X-Campaign-ID', value: '={{ "spring-" + $json.crm }}' }] },
					additionalFieldsJson: '{"metadata": {"source": "json"}}',
				},
			}),
			{ input: leads.slice(0, 2) },
		);

		expect(run.status).toBe('success');
		const task = (lead: (typeof leads)[number]) => ({
			to_number: lead.phone,
			override_agent_id: env.account.otherAgentId,
			override_agent_version: 0,
			agent_override: { agent: { voice_id: '11labs-Adrian' }, retell_llm: { begin_message: `Hi ${lead.name}` } },
			custom_sip_headers: { 'X-Campaign-ID': `spring-${lead.crm}` },
			metadata: { source: 'json' },
		});
		expect(requests().map((request) => request.body)).toEqual([
			{ from_number: env.account.fromNumber, tasks: [task(leads[0]), task(leads[1])] },
		]);
		expect(run.json()).toEqual([expect.objectContaining({ total_task_count: 2 })]);
	});

	it.each([
		[
			'an item whose number is not E.164, with that item\'s index',
			[leads[0], { phone: '4155550202', name: 'Bad' }],
			{},
			{ message: 'To Number must be an E.164 phone number, like +14155550100', itemIndex: 1 },
		],
		[
			'a call time window that crosses midnight',
			leads,
			{ batchOptions: { callTimeWindow: { window: { timezone: 'UTC', days: [], hours: '22:00-02:00' } } } },
			{ message: 'Call Time Window: "22:00-02:00" is not a range like 09:00-17:00 within one day', itemIndex: 0 },
		],
		[
			'an item whose agent override is not a JSON object',
			[leads[0], { ...leads[1], override: '[1]' }],
			{ taskOptions: { agentOverride: '={{ $json.override ?? "{}" }}' } },
			{ message: 'Agent Override (JSON) must be a JSON object', itemIndex: 1 },
		],
		[
			'an item whose metadata does not parse',
			[leads[0], { ...leads[1], meta: '{"crm":' }],
			{ taskOptions: { metadataJson: '={{ $json.meta ?? "{}" }}' } },
			{ message: 'Metadata (JSON) is not valid JSON', itemIndex: 1 },
		],
	])('sends no batch at all for %s', async (_case, input, parameters, error) => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, createBatch(parameters), { input });

		expect(run.status).toBe('error');
		expect(runError(run)).toMatchObject(error);
		expect(requests()).toEqual([]);
	});

	it('under Continue On Fail, answers with one error item paired with every item', async () => {
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, createBatch(), {
			input: [leads[0], { phone: '+0999', name: 'Bad' }],
			continueOnFail: true,
		});

		expect(run.items()).toEqual([
			{
				json: expect.objectContaining({ error: 'To Number must be an E.164 phone number, like +14155550100' }),
				pairedItem: [{ item: 0 }, { item: 1 }],
			},
		]);
		expect(requests()).toEqual([]);
	});

	it('never re-sends the batch after a 500', async () => {
		env.emulator.failNext({ method: 'POST', path: '/create-batch-call' }, { status: 503 }, 3);
		const requests = recordRequests(env.emulator);
		const run = await runRetell(env.emulator, createBatch(), { input: leads });

		expect(requests()).toHaveLength(1);
		expect(runError(run)).toMatchObject({ httpCode: '503', description: expect.stringContaining('not sent again') });
	});
});
