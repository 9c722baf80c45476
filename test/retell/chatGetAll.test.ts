import type { IDataObject } from 'n8n-workflow';
import type { ChatResponse } from 'retell-sdk/resources/chat';

import { isDataObject } from '../../nodes/shared/dataObject';
import { byId, recordRequests, runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'chat', resetEachTest: false });
/** Start of the first seeded chat; the seeded chats start one second apart. */
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const AGENT = 'agent_chatlist00000000000000000001';
const OTHER_AGENT = 'agent_chatlist00000000000000000002';
const SENTIMENTS = ['Positive', 'Neutral', 'Negative'] as const;
let seeded: ChatResponse[];

/**
 * Chats as Retell stores them: even ones on AGENT version 0, odd ones on OTHER_AGENT version 1; every third one still
 * ongoing, the others ended and analysed (successful when the index is a multiple of 4, sentiment cycling).
 */
function seedChats(count: number): ChatResponse[] {
	return Array.from({ length: count }, (_, index) => {
		const ongoing = index % 3 === 0;
		const chat: ChatResponse = {
			chat_id: `chat_list${String(index).padStart(6, '0')}`,
			agent_id: index % 2 === 0 ? AGENT : OTHER_AGENT,
			version: index % 2,
			chat_status: ongoing ? 'ongoing' : 'ended',
			chat_type: 'api_chat',
			start_timestamp: T0 + index * 1000,
			transcript: 'User: Hi\nAgent: Hello\n',
			message_with_tool_calls: [
				{ role: 'user', content: 'Hi' },
				{ role: 'agent', content: 'Hello' },
			],
			...(ongoing
				? {}
				: {
						end_timestamp: T0 + index * 1000 + 500,
						chat_analysis: { chat_successful: index % 4 === 0, user_sentiment: SENTIMENTS[index % 3] },
					}),
		};
		env.emulator.state.chats.set(chat.chat_id, chat);
		return chat;
	});
}

beforeAll(() => {
	seeded = seedChats(1200);
});

const getMany = (parameters: Record<string, unknown>) => ({ operation: 'getAll', ...parameters });

function listBodies(requests: ReturnType<ReturnType<typeof recordRequests>>): IDataObject[] {
	return requests
		.filter((request) => request.method === 'POST' && request.path === '/v3/list-chats')
		.map((request) => request.body)
		.filter(isDataObject);
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('Chat → Get Many', () => {
	it('returns every chat with Return All by following pagination_key, each once and without messages', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run(getMany({ returnAll: true }));

		const chatIds = run.json().map((chat) => chat.chat_id);
		expect(new Set(chatIds)).toEqual(new Set(seeded.map((chat) => chat.chat_id)));
		expect(chatIds).toHaveLength(1200);
		const bodies = listBodies(requests());
		expect(bodies).toEqual([{ limit: 1000 }, { limit: 1000, pagination_key: expect.any(String) }]);
		// "Transcript fields are intentionally omitted" from v3 list items.
		expect(run.json().some((chat) => 'transcript' in chat || 'message_with_tool_calls' in chat)).toBe(false);
	});

	it('stops at the Limit, newest first, and asks for no more than it needs', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run(getMany({ returnAll: false, limit: 30 }));

		expect(listBodies(requests())).toEqual([{ limit: 30 }]);
		expect(run.json().map((chat) => chat.chat_id)).toEqual(seeded.slice(-30).reverse().map((chat) => chat.chat_id));
	});

	it("sends every filter as Retell's typed filter object, and gets only the matching chats", async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run(
			getMany({
				returnAll: true,
				filters: {
					agents: { agent: [{ chatAgentId: byId(AGENT), versions: '0' }, { chatAgentId: byId(''), versions: '' }] },
					chatStatus: ['ended'],
					outcome: 'successful',
					userSentiment: ['Positive', 'Negative'],
					startedAfter: iso(T0 + 10_000),
					startedBefore: iso(T0 + 60_000),
				},
				options: { sortOrder: 'ascending' },
			}),
		);

		expect(listBodies(requests())).toEqual([
			{
				limit: 1000,
				sort_order: 'ascending',
				filter_criteria: {
					agent: [{ agent_id: AGENT, version: [0] }],
					chat_status: { type: 'enum', op: 'in', value: ['ended'] },
					chat_successful: { type: 'boolean', op: 'eq', value: true },
					user_sentiment: { type: 'enum', op: 'in', value: ['Positive', 'Negative'] },
					start_timestamp: { type: 'range', op: 'bt', value: [T0 + 10_000, T0 + 60_000] },
				},
			},
		]);
		// Indexes 10..60 on AGENT (even), ended (not a multiple of 3), successful (multiple of 4), Positive or Negative (index % 3 is 0 or 2).
		const expected = seeded.filter((_chat, index) => index >= 10 && index <= 60 && index % 4 === 0 && index % 3 === 2);
		expect(expected.length).toBeGreaterThan(0);
		expect(run.json().map((chat) => chat.chat_id)).toEqual(expected.map((chat) => chat.chat_id));
	});

	it('sends a one-sided time filter as a number comparison, and merges Other Filters (JSON) last', async () => {
		const requests = recordRequests(env.emulator);
		const run = await env.run(
			getMany({
				returnAll: true,
				filters: {
					startedBefore: iso(T0 + 5_000),
					chatStatus: ['ongoing'],
					filterCriteria: '{"chat_status": {"type": "enum", "op": "in", "value": ["ended"]}}',
				},
			}),
		);

		expect(listBodies(requests())[0]?.filter_criteria).toEqual({
			chat_status: { type: 'enum', op: 'in', value: ['ended'] },
			start_timestamp: { type: 'number', op: 'le', value: T0 + 5_000 },
		});
		expect(run.json().map((chat) => chat.chat_id)).toEqual([5, 4, 2, 1].map((index) => seeded[index].chat_id));
	});

	it.each([
		[{ agents: { agent: [{ chatAgentId: byId(AGENT), versions: '1, latest' }] } }, 'Chat agent versions must be whole numbers, like 1, 2'],
		[{ startedAfter: iso(T0 + 2000), startedBefore: iso(T0) }, 'Started After is later than Started Before'],
		[{ filterCriteria: '["chat_status"]' }, 'Other Filters (JSON) must be a JSON object'],
	])('refuses the filters %p before any request', async (filters, message) => {
		const requests = recordRequests(env.emulator);
		const run = await env.run(getMany({ returnAll: true, filters }));

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it.each([
		['{"direction": {"type": "enum", "op": "in", "value": ["inbound"]}}', 'filter_criteria.direction is not a filter of chats.'],
		['{"chat_status": {"type": "string", "op": "eq", "value": "ended"}}', 'filter_criteria.chat_status: type string with op eq is not allowed.'],
	])("passes on Retell's 400 for the filter %s", async (filterCriteria, message) => {
		const run = await env.run(getMany({ returnAll: true, filters: { filterCriteria } }));

		expect(runError(run)).toMatchObject({ message: expect.stringContaining(message), httpCode: '400', itemIndex: 0 });
	});
});
