import { runError, useEmulator } from './helpers';

const env = useEmulator({ resource: 'contact' });
const retell = env.run;
const requestsSince = env.requestsSince;

/** Custom contact fields, as the CRM configuration defines them (SDK 5.66.1 CRMConfig.custom_fields). */
function defineCustomFields(): void {
	env.emulator.state.crmConfig = {
		org_id: 'org_emulator',
		custom_fields: [
			{ name: 'email', type: 'string' },
			{ name: 'score', type: 'number' },
		],
	};
}

async function existingContact(phone_number = '+14155550100') {
	defineCustomFields();
	return await env.sdk.contact.create({ phone_number, first_name: 'Ada', tags: ['vip'], custom_fields: { score: 3 } });
}

describe('Contact → Create', () => {
	it('sends the number and the fields set, in snake_case, and outputs the contact', async () => {
		defineCustomFields();
		const run = await retell({
			operation: 'create',
			phoneNumber: ' +14155550100 ',
			additionalFields: {
				firstName: 'Ada',
				lastName: 'Lovelace',
				doNotCall: false,
				tags: 'vip, newsletter,',
				customFields: '{"email": "ada@example.com", "score": 4}',
			},
		});

		expect(requestsSince(0)).toEqual([
			{
				method: 'POST',
				path: '/create-contact',
				query: {},
				body: {
					phone_number: '+14155550100',
					first_name: 'Ada',
					last_name: 'Lovelace',
					do_not_call: false,
					tags: ['vip', 'newsletter'],
					custom_fields: { email: 'ada@example.com', score: 4 },
				},
			},
		]);
		const [contact] = run.json();
		expect(contact).toEqual({
			contact_id: expect.stringMatching(/^contact_/),
			org_id: 'org_emulator',
			phone_number: '+14155550100',
			first_name: 'Ada',
			last_name: 'Lovelace',
			do_not_call: false,
			tags: ['vip', 'newsletter'],
			custom_fields: { email: 'ada@example.com', score: 4 },
			conversation_count: 0,
			created_timestamp: expect.any(Number),
			user_modified_timestamp: expect.any(Number),
		});
		expect(env.emulator.state.contacts.get(String(contact.contact_id))).toMatchObject({ first_name: 'Ada' });
	});

	it('sends only the number when nothing else is set', async () => {
		const run = await retell({ operation: 'create', phoneNumber: '+442071838750' });

		expect(run.status).toBe('success');
		expect(requestsSince(0)).toEqual([
			{ method: 'POST', path: '/create-contact', query: {}, body: { phone_number: '+442071838750' } },
		]);
	});

	it.each([
		['4155550100', 'Phone Number must be an E.164 phone number, like +14155550100'],
		['+1 415 555 0100', 'Phone Number must be an E.164 phone number, like +14155550100'],
	])('refuses the number %p before sending anything', async (phoneNumber, message) => {
		const run = await retell({ operation: 'create', phoneNumber });

		expect(runError(run)).toMatchObject({ message, itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('refuses Custom Fields that are not a JSON object before sending anything', async () => {
		const run = await retell({ operation: 'create', phoneNumber: '+14155550100', additionalFields: { customFields: '["email"]' } });

		expect(runError(run)).toMatchObject({ message: 'Custom Fields (JSON) must be a JSON object', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it("passes on Retell's 400 for a number that already has a contact, and for a value of the wrong type", async () => {
		await existingContact();

		const duplicate = await retell({ operation: 'create', phoneNumber: '+14155550100' });
		const wrongType = await retell({
			operation: 'create',
			phoneNumber: '+14155550199',
			additionalFields: { customFields: '{"score": "high"}' },
		});

		expect(runError(duplicate)).toMatchObject({
			message: expect.stringContaining('A contact with phone number +14155550100 already exists'),
			httpCode: '400',
			itemIndex: 0,
		});
		expect(runError(wrongType)).toMatchObject({
			message: expect.stringContaining('custom_fields.score must be of type number'),
			httpCode: '400',
		});
		expect(env.emulator.state.contacts.size).toBe(1);
	});
});

describe('Contact → Get', () => {
	it('gets a contact by ID', async () => {
		const contact = await existingContact();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'get', contactId: contact.contact_id });

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: `/get-contact/${contact.contact_id}`, query: {}, body: undefined },
		]);
		expect(run.json()).toEqual([{ ...contact }]);
	});

	it('answers "Contact not found" with Retell\'s 404', async () => {
		const run = await retell({ operation: 'get', contactId: 'contact_doesnotexist' });

		expect(runError(run)).toMatchObject({ message: 'Contact not found', httpCode: '404', itemIndex: 0 });
	});

	it('requires a Contact ID before any request', async () => {
		const run = await retell({ operation: 'get', contactId: '={{ $json.id }}' }, { input: [{ id: ' ' }] });

		expect(runError(run)).toMatchObject({ message: 'Contact ID is required', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Contact → Get by Phone', () => {
	it('finds the contact of a caller\'s number, the + left as the SDK sends it', async () => {
		const contact = await existingContact();
		const mark = env.emulator.requests.length;

		const run = await retell(
			{ operation: 'getByPhone', phoneNumber: '={{ $json.call.from_number }}' },
			{ input: [{ call: { from_number: '+14155550100' } }] },
		);

		expect(requestsSince(mark)).toEqual([
			{ method: 'GET', path: '/get-contact-by-phone/+14155550100', query: {}, body: undefined },
		]);
		expect(run.json()).toEqual([{ ...contact }]);
	});

	it('fails with "Contact not found" for a number without a contact', async () => {
		const run = await retell({ operation: 'getByPhone', phoneNumber: '+14155550177' });

		expect(runError(run)).toMatchObject({ message: 'Contact not found', httpCode: '404', itemIndex: 0 });
	});

	it('outputs found: false instead, with Output Item When Not Found, and the contact as usual when there is one', async () => {
		const contact = await existingContact();

		const run = await retell(
			{ operation: 'getByPhone', phoneNumber: '={{ $json.phone }}', options: { outputWhenNotFound: true } },
			{ input: [{ phone: '+14155550177' }, { phone: '+14155550100' }] },
		);

		expect(run.json()).toEqual([{ found: false, phone_number: '+14155550177' }, { ...contact }]);
	});

	it('still fails on a server error with Output Item When Not Found: only "not found" means no contact', async () => {
		env.emulator.failNext({ method: 'GET', path: '/get-contact-by-phone/+14155550100' }, { status: 500 }, 3);

		const run = await retell({ operation: 'getByPhone', phoneNumber: '+14155550100', options: { outputWhenNotFound: true } });

		expect(runError(run)).toMatchObject({ httpCode: '500', itemIndex: 0 });
		expect(requestsSince(0)).toHaveLength(3);
	});

	it('refuses a number that is not E.164 before sending anything', async () => {
		const run = await retell({ operation: 'getByPhone', phoneNumber: '(415) 555-0100' });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('Phone Number must be an E.164 phone number'), itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('Contact → Update', () => {
	it('sends only the fields set; Tags replace the tags, null clears a custom field', async () => {
		const contact = await existingContact();
		const mark = env.emulator.requests.length;

		const run = await retell({
			operation: 'update',
			contactId: contact.contact_id,
			updateFields: { doNotCall: true, tags: 'opted-out', customFields: '{"score": null, "email": "ada@example.com"}', lastName: '' },
		});

		expect(requestsSince(mark)).toEqual([
			{
				method: 'PATCH',
				path: `/update-contact/${contact.contact_id}`,
				query: {},
				body: { do_not_call: true, tags: ['opted-out'], custom_fields: { score: null, email: 'ada@example.com' } },
			},
		]);
		expect(run.json()).toEqual([
			{
				...contact,
				do_not_call: true,
				tags: ['opted-out'],
				custom_fields: { email: 'ada@example.com' },
				user_modified_timestamp: expect.any(Number),
			},
		]);
	});

	it('refuses an update that changes nothing before sending anything', async () => {
		const run = await retell({ operation: 'update', contactId: 'contact_abc', updateFields: { firstName: '  ' } });

		expect(runError(run)).toMatchObject({ message: 'Nothing to update: add at least one field under Update Fields', itemIndex: 0 });
		expect(env.emulator.requests).toEqual([]);
	});

	it('answers "Contact not found" for an unknown contact', async () => {
		const run = await retell({ operation: 'update', contactId: 'contact_doesnotexist', updateFields: { firstName: 'Ada' } });

		expect(runError(run)).toMatchObject({ message: 'Contact not found', httpCode: '404', itemIndex: 0 });
	});
});

describe('Contact → Delete', () => {
	it('deletes a contact and confirms it', async () => {
		const contact = await existingContact();
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'deleteContact', contactId: contact.contact_id });

		expect(run.json()).toEqual([{ deleted: true, contact_id: contact.contact_id }]);
		expect(env.emulator.requests.slice(mark).map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
			`DELETE /delete-contact/${contact.contact_id} 204`,
		]);
		expect(env.emulator.state.contacts.has(contact.contact_id)).toBe(false);
	});

	it('reports a delete whose answer was lost as deleted, with answer_lost, after reading that the contact is gone', async () => {
		const contact = await existingContact();
		env.emulator.failNext({ method: 'DELETE' }, { status: 502, afterHandling: true });
		const mark = env.emulator.requests.length;

		const run = await retell({ operation: 'deleteContact', contactId: contact.contact_id });

		expect(run.json()).toEqual([{ deleted: true, contact_id: contact.contact_id, answer_lost: true }]);
		expect(env.emulator.requests.slice(mark).map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
			`DELETE /delete-contact/${contact.contact_id} 502`,
			`GET /get-contact/${contact.contact_id} 404`,
		]);
	});

	it("passes on Retell's 400 for a contact linked to a CRM record while two-way sync is on", async () => {
		const contact = await existingContact();
		env.emulator.state.contacts.set(contact.contact_id, { ...contact, external_id: 'hubspot-42' });
		env.emulator.state.crmConfig = { org_id: 'org_emulator', app_id: 'app_hubspot' };

		const run = await retell({ operation: 'deleteContact', contactId: contact.contact_id });

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('unlink the CRM app first'), httpCode: '400', itemIndex: 0 });
		expect(env.emulator.state.contacts.has(contact.contact_id)).toBe(true);
	});
});
