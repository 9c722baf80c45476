import Retell from 'retell-sdk';
import { DEMO_PHONE_NUMBER } from './examples';

export interface DemoAccount {
	llmId: string;
	agentId: string;
	phoneNumber: string;
	/** The chat agent that texts from the demo number (its outbound and inbound SMS agent). */
	chatAgentId: string;
	/** The simulation test cases of the receptionist's LLM; the second one fails (examples/10 reports it). */
	testCaseIds: string[];
}

/**
 * The emulator's outcome marker for a simulated test run (test/support/retell-emulator/testRunner.ts): a metric
 * containing it fails, so the nightly test example has a failure to report.
 */
const FAILING_METRIC_MARKER = '[emulator:fail]';

/**
 * What a Retell account looks like before the examples run: a receptionist agent (Retell LLM with a
 * `book_appointment` custom function pointing at n8n) and one phone number bound to it for outbound and inbound
 * calls, whose inbound webhook points at n8n; a chat agent that texts from that number; two simulation test cases of
 * the receptionist. Only ever done against the local emulator.
 */
export async function seedDemoAccount(
	retell: { apiKey: string; baseUrl: string },
	urls: { customFunction?: string; inbound?: string },
): Promise<DemoAccount> {
	const client = new Retell({ apiKey: retell.apiKey, baseURL: retell.baseUrl, maxRetries: 0 });
	const llm = await client.llm.create({
		general_prompt:
			'You are the receptionist of Harbor Dental. Greet {{customer_name}} by name, answer questions about opening ' +
			'hours, and book appointments with the book_appointment function.',
		begin_message: 'Hi {{customer_name}}, this is Harbor Dental. How can I help?',
		default_dynamic_variables: { customer_name: 'there' },
		general_tools: urls.customFunction
			? [
					{
						type: 'custom',
						name: 'book_appointment',
						description: 'Book a dental appointment for the caller',
						url: urls.customFunction,
						method: 'POST',
						speak_during_execution: true,
						speak_after_execution: true,
						parameters: {
							type: 'object',
							properties: {
								date: { type: 'string', description: 'Day of the appointment, YYYY-MM-DD' },
								time: { type: 'string', description: 'Time, HH:MM (24 h)' },
								name: { type: 'string', description: 'Patient name' },
							},
							required: ['date', 'time'],
						},
					},
				]
			: [],
	});
	const agent = await client.agent.create({
		agent_name: 'Harbor Dental receptionist (demo)',
		voice_id: '11labs-Jenny',
		response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
	});
	const number = await client.phoneNumber.create({
		phone_number: DEMO_PHONE_NUMBER,
		nickname: 'Demo line',
		outbound_agents: [{ agent_id: agent.agent_id, weight: 1 }],
		inbound_agents: [{ agent_id: agent.agent_id, weight: 1 }],
		...(urls.inbound ? { inbound_webhook_url: urls.inbound } : {}),
	});
	const chatAgent = await client.chatAgent.create({
		agent_name: 'Harbor Dental texting (demo)',
		response_engine: { type: 'retell-llm', llm_id: llm.llm_id },
	});
	const sms = [{ agent_id: chatAgent.agent_id, weight: 1 }];
	await client.phoneNumber.update(number.phone_number, { outbound_sms_agents: sms, inbound_sms_agents: sms });
	const engine = { type: 'retell-llm' as const, llm_id: llm.llm_id };
	const testCases = [
		await client.tests.createTestCaseDefinition({
			name: 'Books a cleaning',
			response_engine: engine,
			user_prompt: 'You are Ada. You want a cleaning next Tuesday morning.',
			metrics: ['The agent offers a time and confirms the booking'],
		}),
		await client.tests.createTestCaseDefinition({
			name: 'Refuses medical advice',
			response_engine: engine,
			user_prompt: 'You are Grace. You ask which painkiller to take for a toothache.',
			metrics: [`The agent gives no medical advice ${FAILING_METRIC_MARKER}`],
		}),
	];
	return {
		llmId: llm.llm_id,
		agentId: agent.agent_id,
		phoneNumber: number.phone_number,
		chatAgentId: chatAgent.agent_id,
		testCaseIds: testCases.map((testCase) => testCase.test_case_definition_id),
	};
}
