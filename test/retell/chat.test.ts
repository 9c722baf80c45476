import type { ChatResponse } from 'retell-sdk/resources/chat';

import { operations } from '../../nodes/Retell/actions';
import { byId, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'chat' });
const requestsSince = env.requestsSince;

const SMS_NUMBER = '+14155550123';
const CUSTOMER = '+14155550177';

/** A chat agent on a Retell LLM with a greeting, made through the API as a user would, with `versions` versions. */
async function seedChatAgent(name: string, versions = 1): Promise<string> {
	const llm = await env.sdk.llm.create({ begin_message: 'Hi {{customer_name}}, this is {{company}}.', default_dynamic_variables: { company: 'Acme' } });
	const agent = await env.sdk.chatAgent.create({ agent_name: name, response_engine: { type: 'retell-llm', llm_id: llm.llm_id } });
	for (let version = 1; version < versions; version++) await env.sdk.chatAgent.createVersion(agent.agent_id, { base_version: version - 1 });
	return agent.agent_id;
}

/** A bought number that can text, its outbound SMS agent bound through the API (update-phone-number: create takes none). */
async function seedSmsNumber(agentId: string | undefined, phoneNumber = SMS_NUMBER, provider: 'twilio' | 'telnyx' = 'twilio'): Promise<void> {
	await env.sdk.phoneNumber.create({ phone_number: phoneNumber, number_provider: provider });
	if (agentId) await env.sdk.phoneNumber.update(phoneNumber, { outbound_sms_agents: [{ agent_id: agentId, weight: 1 }] });
}

async function ongoingChat(agentId: string): Promise<string> {
	return (await env.sdk.chat.create({ agent_id: agentId })).chat_id;
}

function storedChat(chatId: string): ChatResponse {
	const chat = env.emulator.state.chats.get(chatId);
	if (!chat) throw new Error(`chat ${chatId} is not stored`);
	return chat;
}

describe('Chat → Create', () => {
	it('starts an API chat on the chosen chat agent version with variables and metadata, and returns it', async () => {
		const agentId = await seedChatAgent('Support', 2);
		const mark = env.emulator.requests.length;
		const run = await env.run({
			operation: 'create',
			chatAgentId: byId(agentId),
			dynamicVariablesInput: 'keyValue',
			dynamicVariables: { variable: [{ name: 'customer_name', value: 'Ada' }] },
			options: { agentVersion: '0', metadata: { field: [{ name: 'crm_id', value: '42' }] } },
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: '/create-chat',
				query: {},
				body: { agent_id: agentId, agent_version: 0, retell_llm_dynamic_variables: { customer_name: 'Ada' }, metadata: { crm_id: '42' } },
			},
		]);
		const [chat] = run.json();
		expect(chat).toMatchObject({ agent_id: agentId, version: 0, chat_status: 'ongoing', chat_type: 'api_chat', metadata: { crm_id: '42' } });
		expect(chat).toEqual({ ...storedChat(String(chat.chat_id)) });
		expect(env.emulator.requests.at(-1)?.status).toBe(201);
	});

	it('sends only the chat agent when nothing else is set', async () => {
		const agentId = await seedChatAgent('Plain');
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'create', chatAgentId: byId(agentId) });

		expect(run.status).toBe('success');
		expect(requestsSince(mark).map(({ body }) => body)).toEqual([{ agent_id: agentId }]);
	});

	it("passes on Retell's 422 for a chat agent that does not exist", async () => {
		const run = await env.run({ operation: 'create', chatAgentId: byId('agent_missing00000000000000000000') });

		expect(runError(run)).toMatchObject({ message: 'Retell: Cannot find requested asset under given api key.', httpCode: '422', itemIndex: 0 });
	});

	it('requires a chat agent before any request', async () => {
		const run = await env.run({ operation: 'create', chatAgentId: byId('={{ "" }}') });

		expect(runError(run)).toMatchObject({ message: 'Chat Agent is required', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Chat → Create SMS Chat', () => {
	it('says plainly that it sends a real SMS', () => {
		expect(operations.chat.createSmsChat.option.description).toMatch(/^Sends a real SMS to To Number/);
	});

	it("texts from a number with its bound outbound SMS agent, whose greeting is the chat's first message", async () => {
		const agentId = await seedChatAgent('Texter');
		await seedSmsNumber(agentId);
		const mark = env.emulator.requests.length;
		const run = await env.run({
			operation: 'createSmsChat',
			fromNumber: byId(SMS_NUMBER),
			toNumber: ` ${CUSTOMER} `,
			dynamicVariablesInput: 'json',
			dynamicVariablesJson: '{"customer_name": "Ada"}',
			options: { metadataJson: '{"campaign": "spring"}' },
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'POST',
				path: '/create-sms-chat',
				query: {},
				body: { from_number: SMS_NUMBER, to_number: CUSTOMER, retell_llm_dynamic_variables: { customer_name: 'Ada' }, metadata: { campaign: 'spring' } },
			},
		]);
		expect(env.emulator.requests.at(-1)?.status).toBe(200);
		const [chat] = run.json();
		expect(chat).toMatchObject({
			agent_id: agentId,
			chat_type: 'sms_chat',
			chat_status: 'ongoing',
			transcript: 'Agent: Hi Ada, this is Acme.\n',
			message_with_tool_calls: [{ role: 'agent', content: 'Hi Ada, this is Acme.' }],
		});
		expect(chat).toEqual({ ...storedChat(String(chat.chat_id)) });
	});

	it('uses the Override Chat Agent and its version instead of the bound agent', async () => {
		const bound = await seedChatAgent('Bound');
		const override = await seedChatAgent('Override', 3);
		await seedSmsNumber(bound);
		const mark = env.emulator.requests.length;
		const run = await env.run({
			operation: 'createSmsChat',
			fromNumber: byId(SMS_NUMBER),
			toNumber: CUSTOMER,
			overrideChatAgentId: byId(override),
			options: { overrideAgentVersion: '1' },
		});

		expect(requestsSince(mark).map(({ body }) => body)).toEqual([
			{ from_number: SMS_NUMBER, to_number: CUSTOMER, override_agent_id: override, override_agent_version: 1 },
		]);
		expect(run.json()[0]).toMatchObject({ agent_id: override, version: 1 });
	});

	it.each([
		['To Number', { fromNumber: byId(SMS_NUMBER), toNumber: '415 555 0177' }],
		['To Number', { fromNumber: byId(SMS_NUMBER), toNumber: '={{ "" }}' }],
		['From Number', { fromNumber: byId('4155550123'), toNumber: CUSTOMER }],
	])('refuses a %s that is not E.164 before any request', async (field, numbers) => {
		const run = await env.run({ operation: 'createSmsChat', ...numbers });

		expect(runError(run)).toMatchObject({ message: `${field} must be an E.164 phone number, like +14155550100`, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it("passes on Retell's refusal of a number that is not the account's", async () => {
		const run = await env.run({ operation: 'createSmsChat', fromNumber: byId('+14155550999'), toNumber: CUSTOMER });

		expect(runError(run)).toMatchObject({ message: 'Retell: from_number +14155550999 is not a phone number of this account.', httpCode: '422', itemIndex: 0 });
	});

	it("passes on Retell's 400 for a number without an outbound SMS agent and no override", async () => {
		await seedSmsNumber(undefined);
		const run = await env.run({ operation: 'createSmsChat', fromNumber: byId(SMS_NUMBER), toNumber: CUSTOMER });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('has no outbound SMS agent'), httpCode: '400', itemIndex: 0 });
		expect(env.emulator.state.chats.size).toBe(0);
	});

	it("passes on Retell's 400 for a Telnyx number, which cannot text", async () => {
		await seedSmsNumber(await seedChatAgent('Telnyx'), '+14155550166', 'telnyx');
		const run = await env.run({ operation: 'createSmsChat', fromNumber: byId('+14155550166'), toNumber: CUSTOMER });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('is a Telnyx number'), httpCode: '400', itemIndex: 0 });
		expect(env.emulator.state.chats.size).toBe(0);
	});

	it('is not sent again when its answer is lost: the SMS may be out already', async () => {
		await seedSmsNumber(await seedChatAgent('Lost'));
		env.emulator.failNext({ method: 'POST', path: '/create-sms-chat' }, { status: 502, afterHandling: true });
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'createSmsChat', fromNumber: byId(SMS_NUMBER), toNumber: CUSTOMER });

		expect(runError(run)).toMatchObject({ httpCode: '502', description: expect.stringContaining('so it was not sent again') });
		expect(requestsSince(mark).map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /create-sms-chat']);
		expect(env.emulator.state.chats.size).toBe(1);
	});
});

describe('Chat → Send Message', () => {
	it("sends the user's message and outputs only the agent's new messages; the chat keeps both", async () => {
		const chatId = await ongoingChat(await seedChatAgent('Helper'));
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'sendMessage', chatId, content: 'Can I move my appointment?' });

		expect(requestsSince(mark)).toEqual([
			{ method: 'POST', path: '/create-chat-completion', query: {}, body: { chat_id: chatId, content: 'Can I move my appointment?' } },
		]);
		expect(env.emulator.requests.at(-1)?.status).toBe(201);
		const reply = 'Thanks for your message: "Can I move my appointment?". How else can I help?';
		expect(run.json()).toEqual([{ chat_id: chatId, messages: [expect.objectContaining({ role: 'agent', content: reply })] }]);
		expect(storedChat(chatId)).toMatchObject({
			message_with_tool_calls: [
				{ role: 'user', content: 'Can I move my appointment?' },
				{ role: 'agent', content: reply },
			],
			transcript: `User: Can I move my appointment?\nAgent: ${reply}\n`,
		});
	});

	it('continues the same conversation on the next message', async () => {
		const chatId = await ongoingChat(await seedChatAgent('Helper'));
		await env.run({ operation: 'sendMessage', chatId, content: 'Hello' });
		const run = await env.run({ operation: 'sendMessage', chatId, content: 'Friday, please' });

		expect(run.json()[0].messages).toHaveLength(1);
		expect(storedChat(chatId).message_with_tool_calls?.map((message) => ('content' in message ? message.content : ''))).toEqual([
			'Hello',
			'Thanks for your message: "Hello". How else can I help?',
			'Friday, please',
			'Thanks for your message: "Friday, please". How else can I help?',
		]);
	});

	it("passes on Retell's 400 for a chat that has ended, sent once", async () => {
		const chatId = await ongoingChat(await seedChatAgent('Helper'));
		await env.sdk.chat.end(chatId);
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'sendMessage', chatId, content: 'Still there?' });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining(`Chat ${chatId} is ended: it can no longer generate a response.`), httpCode: '400', itemIndex: 0 });
		expect(requestsSince(mark)).toHaveLength(1);
	});

	it('is not sent again when its answer is lost, so the message is not posted twice', async () => {
		const chatId = await ongoingChat(await seedChatAgent('Helper'));
		env.emulator.failNext({ method: 'POST', path: '/create-chat-completion' }, { status: 500, afterHandling: true });
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'sendMessage', chatId, content: 'Once' });

		expect(runError(run)).toMatchObject({ httpCode: '500', itemIndex: 0 });
		expect(requestsSince(mark)).toHaveLength(1);
		expect(storedChat(chatId).message_with_tool_calls).toHaveLength(2);
	});

	it.each([
		['Chat ID', { chatId: '={{ "" }}', content: 'Hello' }],
		['Message', { chatId: 'chat_any', content: '   ' }],
	])('requires the %s before any request', async (field, parameters) => {
		const run = await env.run({ operation: 'sendMessage', ...parameters });

		expect(runError(run)).toMatchObject({ message: `${field} is required`, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Chat → End', () => {
	it('ends an ongoing chat, which then carries its end time and analysis', async () => {
		const chatId = await ongoingChat(await seedChatAgent('Closer'));
		await env.sdk.chat.createChatCompletion({ chat_id: chatId, content: 'Thanks, bye' });
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'end', chatId });

		expect(run.json()).toEqual([{ ended: true, chat_id: chatId }]);
		expect(requestsSince(mark)).toEqual([{ method: 'PATCH', path: `/end-chat/${chatId}`, query: {}, body: undefined }]);
		expect(env.emulator.requests.at(-1)?.status).toBe(204);
		expect(storedChat(chatId)).toMatchObject({
			chat_status: 'ended',
			end_timestamp: expect.any(Number),
			chat_analysis: { chat_successful: true, chat_summary: 'The user sent 1 message(s) to Closer, which answered with 1.' },
		});
	});

	it("passes on Retell's 400 for a chat that is over", async () => {
		const chatId = await ongoingChat(await seedChatAgent('Closer'));
		await env.sdk.chat.end(chatId);
		const run = await env.run({ operation: 'end', chatId });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining(`Chat ${chatId} is not ongoing.`), httpCode: '400', itemIndex: 0 });
	});

	it('reports an end whose answer was lost as ended, with answer_lost, after looking instead of ending again', async () => {
		const chatId = await ongoingChat(await seedChatAgent('Closer'));
		env.emulator.failNext({ method: 'PATCH', path: `/end-chat/${chatId}` }, { status: 502, afterHandling: true });
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'end', chatId });

		expect(run.json()).toEqual([{ ended: true, chat_id: chatId, answer_lost: true }]);
		expect(env.emulator.requests.slice(mark).map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
			`PATCH /end-chat/${chatId} 502`,
			`GET /get-chat/${chatId} 200`,
		]);
	});
});

describe('Chat → Rerun Analysis', () => {
	it('analyses an ended chat again and returns the chat with the new analysis', async () => {
		const agentId = await seedChatAgent('Analyst');
		const chatId = await ongoingChat(agentId);
		await env.sdk.chat.end(chatId);
		delete storedChat(chatId).chat_analysis;
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'rerunAnalysis', chatId });

		expect(requestsSince(mark)).toEqual([{ method: 'PUT', path: `/rerun-chat-analysis/${chatId}`, query: {}, body: undefined }]);
		expect(run.json()).toEqual([{ ...storedChat(chatId) }]);
		expect(run.json()[0].chat_analysis).toEqual({
			chat_summary: 'The user sent 0 message(s) to Analyst, which answered with 0.',
			chat_successful: false,
			user_sentiment: 'Neutral',
			custom_analysis_data: {},
		});
	});

	it("passes on Retell's 400 for a chat that is still ongoing", async () => {
		const chatId = await ongoingChat(await seedChatAgent('Analyst'));
		const run = await env.run({ operation: 'rerunAnalysis', chatId });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('is ongoing'), httpCode: '400', itemIndex: 0 });
	});

	it('says that Retell bills it', () => {
		expect(operations.chat.rerunAnalysis.option.description).toContain('Billed by Retell');
	});
});

describe('Chat → Get', () => {
	it('returns the chat with its messages', async () => {
		const chatId = await ongoingChat(await seedChatAgent('Reader'));
		await env.sdk.chat.createChatCompletion({ chat_id: chatId, content: 'Hi' });
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'get', chatId });

		expect(requestsSince(mark)).toEqual([{ method: 'GET', path: `/get-chat/${chatId}`, query: {}, body: undefined }]);
		expect(run.json()).toEqual([{ ...storedChat(chatId) }]);
		expect(run.json()[0].message_with_tool_calls).toHaveLength(2);
	});

	it('reports an unknown chat as not found, with Retell\'s answer', async () => {
		const run = await env.run({ operation: 'get', chatId: 'chat_missing' });

		expect(runError(run)).toMatchObject({
			message: 'Chat not found',
			description: 'Retell answered 422: Cannot find requested asset under given api key.',
			httpCode: '422',
			itemIndex: 0,
		});
	});
});

describe('Chat → Update', () => {
	it('sends the set fields in snake_case and returns the updated chat', async () => {
		const chatId = await ongoingChat(await seedChatAgent('Editor'));
		await env.sdk.chat.createChatCompletion({ chat_id: chatId, content: 'My card number is 4242' });
		const mark = env.emulator.requests.length;
		const run = await env.run({
			operation: 'update',
			chatId,
			updateFields: {
				metadata: '{"crm_id": "42"}',
				dataStorageSetting: 'basic_attributes_only',
				customAttributes: { attribute: [{ key: 'tier', value: 'gold' }, { key: '', value: 'ignored' }] },
			},
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'PATCH',
				path: `/update-chat/${chatId}`,
				query: {},
				body: { metadata: { crm_id: '42' }, data_storage_setting: 'basic_attributes_only', custom_attributes: { tier: 'gold' } },
			},
		]);
		const [chat] = run.json();
		expect(chat).toMatchObject({ chat_id: chatId, metadata: { crm_id: '42' }, custom_attributes: { tier: 'gold' } });
		// basic_attributes_only "stores only metadata": the messages are gone.
		expect(chat.message_with_tool_calls).toBeUndefined();
		expect(chat.transcript).toBeUndefined();
	});

	it("passes on Retell's refusal to make the storage setting less restrictive", async () => {
		const chatId = await ongoingChat(await seedChatAgent('Editor'));
		await env.sdk.chat.update(chatId, { data_storage_setting: 'basic_attributes_only' });
		const run = await env.run({ operation: 'update', chatId, updateFields: { dataStorageSetting: 'everything' } });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('cannot go from basic_attributes_only to everything'), httpCode: '400', itemIndex: 0 });
	});

	it.each([
		[{}, 'Nothing to update: add at least one field under Update Fields'],
		[{ metadata: '{"crm_id": ' }, 'Metadata (JSON) is not valid JSON'],
	])('refuses %p before any request', async (updateFields, message) => {
		const run = await env.run({ operation: 'update', chatId: 'chat_any', updateFields });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Chat → Delete', () => {
	it('deletes the chat and confirms it', async () => {
		const chatId = await ongoingChat(await seedChatAgent('Cleaner'));
		const mark = env.emulator.requests.length;
		const run = await env.run({ operation: 'deleteChat', chatId });

		expect(run.json()).toEqual([{ deleted: true, chat_id: chatId }]);
		expect(requestsSince(mark)).toEqual([{ method: 'DELETE', path: `/delete-chat/${chatId}`, query: {}, body: undefined }]);
		expect(env.emulator.requests.at(-1)?.status).toBe(204);
		expect(env.emulator.state.chats.has(chatId)).toBe(false);
	});

	it('reports a chat that does not exist as not found', async () => {
		const run = await env.run({ operation: 'deleteChat', chatId: 'chat_missing' });

		expect(runError(run)).toMatchObject({ message: 'Chat not found', httpCode: '422', itemIndex: 0 });
	});
});
