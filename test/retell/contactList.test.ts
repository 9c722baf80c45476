import type { ChatResponse } from 'retell-sdk/resources/chat';
import type { ContactResponse } from 'retell-sdk/resources/contact';

import { recordSmsChatParty } from '../support/retell-emulator/routes/contacts';
import { runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'contact' });
const retell = env.run;
const requestsSince = env.requestsSince;

const OUR_NUMBER = '+14155550100';
const HOUR = 3_600_000;

/** A contact stored as Retell holds it; its conversation fields come from the calls and chats with its number. */
function storeContact(contact: Partial<ContactResponse> & Pick<ContactResponse, 'contact_id' | 'phone_number'>): ContactResponse {
	const stored: ContactResponse = { org_id: 'org_emulator', created_timestamp: 1_700_000_000_000, ...contact };
	env.emulator.state.contacts.set(stored.contact_id, stored);
	env.emulator.state.registerCreated(stored.contact_id);
	return stored;
}

/** One ended call with this person, inbound (they called) or outbound (we called). */
function callWith(phone: string, direction: 'inbound' | 'outbound', startTimestamp: number, summary = 'Booked a table.') {
	const [call] = env.emulator.seedCalls(1, {
		direction,
		from_number: direction === 'inbound' ? phone : OUR_NUMBER,
		to_number: direction === 'inbound' ? OUR_NUMBER : phone,
		start_timestamp: startTimestamp,
		call_analysis: { call_summary: summary, user_sentiment: 'Positive', call_successful: true, in_voicemail: false, custom_analysis_data: {} },
	});
	return call!;
}

describe('Contact → Get Many', () => {
	it('lists contacts, most recently spoken to first, never-contacted ones last', async () => {
		const now = Date.now();
		storeContact({ contact_id: 'contact_a', phone_number: '+14155550101', first_name: 'Ada' });
		storeContact({ contact_id: 'contact_b', phone_number: '+14155550102', first_name: 'Grace' });
		storeContact({ contact_id: 'contact_c', phone_number: '+14155550103', first_name: 'Alan' });
		callWith('+14155550101', 'inbound', now - 2 * HOUR);
		callWith('+14155550103', 'outbound', now - HOUR);

		const run = await retell({ operation: 'getAll', limit: 10 });

		expect(requestsSince(0)).toEqual([{ method: 'POST', path: '/list-contacts', query: {}, body: { limit: 10 } }]);
		expect(run.json().map(({ contact_id, conversation_count }) => ({ contact_id, conversation_count }))).toEqual([
			{ contact_id: 'contact_c', conversation_count: 1 },
			{ contact_id: 'contact_a', conversation_count: 1 },
			{ contact_id: 'contact_b', conversation_count: 0 },
		]);
	});

	it('sends the filters as Retell\'s filter_criteria, the search as search_query and the order as asc', async () => {
		const now = Date.now();
		storeContact({ contact_id: 'contact_vip1', phone_number: '+14155550111', last_name: 'Lovelace', tags: ['vip'] });
		storeContact({ contact_id: 'contact_vip2', phone_number: '+14155550112', last_name: 'Lovelace-King', tags: ['vip', 'press'] });
		storeContact({ contact_id: 'contact_linked', phone_number: '+14155550113', last_name: 'Lovelace', tags: ['vip'], external_id: 'crm-1' });
		storeContact({ contact_id: 'contact_dnc', phone_number: '+14155550114', last_name: 'Lovelace', tags: ['vip'], do_not_call: true });
		storeContact({ contact_id: 'contact_other', phone_number: '+14155550115', last_name: 'Hopper', tags: ['vip'] });
		storeContact({ contact_id: 'contact_old', phone_number: '+14155550116', last_name: 'Lovelace', tags: ['vip'] });
		callWith('+14155550111', 'inbound', now - 2 * HOUR);
		callWith('+14155550112', 'inbound', now - HOUR);
		callWith('+14155550113', 'inbound', now - HOUR);
		callWith('+14155550114', 'inbound', now - HOUR);
		callWith('+14155550115', 'inbound', now - HOUR);
		callWith('+14155550116', 'inbound', now - 48 * HOUR);
		const after = new Date(now - 24 * HOUR).toISOString();

		const run = await retell({
			operation: 'getAll',
			returnAll: true,
			filters: { search: ' love ', tags: 'vip, press', doNotCall: 'notMarked', crmLink: 'notLinked', lastConversationAfter: after },
			options: { sortOrder: 'ascending' },
		});

		expect(requestsSince(0)).toEqual([
			{
				method: 'POST',
				path: '/list-contacts',
				query: {},
				body: {
					limit: 1000,
					search_query: 'love',
					sort_order: 'asc',
					filter_criteria: {
						tags: { type: 'enum', op: 'in', value: ['vip', 'press'] },
						do_not_call: { type: 'boolean', op: 'eq', value: false },
						external_id: { type: 'present', op: 'np' },
						last_conversation_timestamp: { type: 'number', op: 'ge', value: Date.parse(after) },
					},
				},
			},
		]);
		expect(run.json().map(({ contact_id }) => contact_id)).toEqual(['contact_vip1', 'contact_vip2']);
	});

	it('takes a time range and Other Filters (JSON), which win over the fields above', async () => {
		const now = Date.now();
		storeContact({ contact_id: 'contact_pro', phone_number: '+14155550121', custom_fields: { plan: 'pro' } });
		storeContact({ contact_id: 'contact_free', phone_number: '+14155550122', custom_fields: { plan: 'free' } });
		callWith('+14155550121', 'inbound', now - HOUR);
		callWith('+14155550122', 'inbound', now - HOUR);
		const range = [new Date(now - 2 * HOUR).toISOString(), new Date(now).toISOString()];

		const run = await retell({
			operation: 'getAll',
			limit: 5,
			filters: {
				lastConversationAfter: range[0],
				lastConversationBefore: range[1],
				tags: 'ignored',
				filterCriteria: '{"tags": null, "custom_fields": [{"key": "plan", "type": "string", "op": "eq", "value": "pro"}]}',
			},
		});

		expect(requestsSince(0)[0]?.body).toEqual({
			limit: 5,
			filter_criteria: {
				last_conversation_timestamp: { type: 'range', op: 'bt', value: range.map((time) => Date.parse(time!)) },
				custom_fields: [{ key: 'plan', type: 'string', op: 'eq', value: 'pro' }],
			},
		});
		expect(run.json().map(({ contact_id }) => contact_id)).toEqual(['contact_pro']);
	});

	it('follows pagination_key until every contact is read, with Return All', async () => {
		for (let index = 0; index < 1_100; index++) {
			storeContact({ contact_id: `contact_${String(index).padStart(5, '0')}`, phone_number: `+1415560${String(index).padStart(4, '0')}` });
		}

		const run = await retell({ operation: 'getAll', returnAll: true });

		const requests = requestsSince(0);
		expect(requests.map(({ body }) => body)).toEqual([{ limit: 1000 }, { limit: 1000, pagination_key: expect.any(String) }]);
		const ids = run.json().map(({ contact_id }) => contact_id);
		expect(ids).toHaveLength(1_100);
		expect(new Set(ids).size).toBe(1_100);
	});

	it('refuses Last Conversation After later than Before, before sending anything', async () => {
		const run = await retell({
			operation: 'getAll',
			filters: { lastConversationAfter: '2026-02-01T00:00:00Z', lastConversationBefore: '2026-01-01T00:00:00Z' },
		});

		expect(runError(run)).toMatchObject({ message: 'Last Conversation After is later than Last Conversation Before', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Contact → Get Many Conversations', () => {
	function smsChat(chatId: string, startTimestamp: number): ChatResponse {
		const chat: ChatResponse = {
			chat_id: chatId,
			agent_id: 'agent_sms',
			chat_status: 'ended',
			chat_type: 'sms_chat',
			start_timestamp: startTimestamp,
			end_timestamp: startTimestamp + 60_000,
			chat_analysis: { chat_summary: 'Asked for the opening hours.', user_sentiment: 'Neutral', chat_successful: true },
		};
		env.emulator.state.chats.set(chatId, chat);
		return chat;
	}

	it("lists the contact's calls and SMS chats, newest first, and none of anyone else's", async () => {
		const now = Date.now();
		const contact = storeContact({ contact_id: 'contact_ada', phone_number: '+14155550131' });
		const inbound = callWith('+14155550131', 'inbound', now - 3 * HOUR, 'Asked about prices.');
		const outbound = callWith('+14155550131', 'outbound', now - 2 * HOUR);
		callWith('+14155550199', 'inbound', now - HOUR);
		// The chat route does not record an SMS chat's number yet; the emulator's hook does what it should.
		recordSmsChatParty(smsChat('chat_ada', now - HOUR), '+14155550131', 'outbound');

		const run = await retell({ operation: 'getConversations', contactId: contact.contact_id, returnAll: true });

		expect(requestsSince(0)).toEqual([
			{ method: 'GET', path: `/list-contact-conversations/${contact.contact_id}`, query: { limit: '1000' }, body: undefined },
		]);
		expect(run.json()).toEqual([
			{
				type: 'chat',
				chat_id: 'chat_ada',
				direction: 'outbound',
				duration_ms: 60_000,
				sentiment: 'Neutral',
				start_timestamp: now - HOUR,
				successful: true,
				summary: 'Asked for the opening hours.',
			},
			{
				type: 'call',
				call_id: outbound.call_id,
				direction: 'outbound',
				disconnection_reason: outbound.disconnection_reason,
				duration_ms: outbound.duration_ms,
				sentiment: 'Positive',
				start_timestamp: now - 2 * HOUR,
				successful: true,
				summary: 'Booked a table.',
			},
			expect.objectContaining({ type: 'call', call_id: inbound.call_id, direction: 'inbound', summary: 'Asked about prices.' }),
		]);
	});

	it('stops at Limit, and pages with pagination_key past 1000', async () => {
		const contact = storeContact({ contact_id: 'contact_busy', phone_number: '+14155550141' });
		env.emulator.seedCalls(1_001, { direction: 'inbound', from_number: '+14155550141', to_number: OUR_NUMBER });

		const limited = await retell({ operation: 'getConversations', contactId: contact.contact_id, limit: 2 });
		const all = await retell({ operation: 'getConversations', contactId: contact.contact_id, returnAll: true });

		expect(requestsSince(0).map(({ query }) => query)).toEqual([
			{ limit: '2' },
			{ limit: '1000' },
			{ limit: '1000', pagination_key: expect.any(String) },
		]);
		expect(limited.json()).toHaveLength(2);
		expect(new Set(all.json().map(({ call_id }) => call_id)).size).toBe(1_001);
	});

	it('answers "Contact not found" for an unknown contact', async () => {
		const run = await retell({ operation: 'getConversations', contactId: 'contact_doesnotexist', limit: 5 });

		expect(runError(run)).toMatchObject({ message: 'Contact not found', httpCode: '404', itemIndex: 0 });
	});
});
