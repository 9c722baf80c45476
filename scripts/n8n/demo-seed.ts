import Retell from 'retell-sdk';
import { DEMO_PHONE_NUMBER } from './examples';

export interface DemoAccount {
	llmId: string;
	agentId: string;
	phoneNumber: string;
}

/**
 * What a Retell account looks like before the examples run: a receptionist agent (Retell LLM with a
 * `book_appointment` custom function pointing at n8n) and one phone number bound to it for outbound and inbound
 * calls, whose inbound webhook points at n8n. Only ever done against the local emulator.
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
	return { llmId: llm.llm_id, agentId: agent.agent_id, phoneNumber: number.phone_number };
}
