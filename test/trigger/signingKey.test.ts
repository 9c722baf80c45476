import type { IWebhookFunctions } from 'n8n-workflow';

import { SIGNING_KEY_TTL_MS, verifiesWithSigningKey } from '../../nodes/RetellTrigger/signingKey';

/** The two things the function asks of n8n's webhook context: the node's credential id and the credential. */
class CredentialStore {
	reads = 0;
	constructor(
		public apiKey: string,
		private readonly credentialId: string | null = `cred-${Math.random()}`,
	) {}

	context(): IWebhookFunctions {
		return {
			getNode: () => ({ credentials: { retellApi: { id: this.credentialId, name: 'Retell' } } }),
			getCredentials: async () => {
				this.reads++;
				return { apiKey: this.apiKey };
			},
		} as unknown as IWebhookFunctions;
	}
}

const signedWith = (key: string) => (apiKey: string) => apiKey === key;

describe('verifiesWithSigningKey', () => {
	let clock = 0;
	const now = () => clock;
	beforeEach(() => {
		clock = 1_000_000;
	});

	it('reads the credential once for many requests signed with its key', async () => {
		const store = new CredentialStore('key_a');
		for (let i = 0; i < 50; i++) expect(await verifiesWithSigningKey(store.context(), signedWith('key_a'), now)).toBe(true);
		expect(store.reads).toBe(1);
	});

	it('reads the credential again when its key is older than the time to live', async () => {
		const store = new CredentialStore('key_a');
		await verifiesWithSigningKey(store.context(), signedWith('key_a'), now);
		clock += SIGNING_KEY_TTL_MS;
		expect(await verifiesWithSigningKey(store.context(), signedWith('key_a'), now)).toBe(true);
		expect(store.reads).toBe(2);
	});

	it('accepts a rotated key from its first request, and then refuses the old one', async () => {
		const store = new CredentialStore('key_a');
		expect(await verifiesWithSigningKey(store.context(), signedWith('key_a'), now)).toBe(true);
		store.apiKey = 'key_b';
		expect(await verifiesWithSigningKey(store.context(), signedWith('key_b'), now)).toBe(true);
		expect(await verifiesWithSigningKey(store.context(), signedWith('key_a'), now)).toBe(false);
		expect(store.reads).toBe(3);
	});

	it('keeps a replaced key valid for at most the time to live', async () => {
		const store = new CredentialStore('key_a');
		await verifiesWithSigningKey(store.context(), signedWith('key_a'), now);
		store.apiKey = 'key_b';
		clock += SIGNING_KEY_TTL_MS - 1;
		expect(await verifiesWithSigningKey(store.context(), signedWith('key_a'), now)).toBe(true);
		clock += 1;
		expect(await verifiesWithSigningKey(store.context(), signedWith('key_a'), now)).toBe(false);
	});

	it('refuses a signature no key verifies, reading the credential each time', async () => {
		const store = new CredentialStore('key_a');
		const forged = () => false;
		expect(await verifiesWithSigningKey(store.context(), forged, now)).toBe(false);
		expect(await verifiesWithSigningKey(store.context(), forged, now)).toBe(false);
		expect(store.reads).toBe(2);
	});

	it('keeps the keys of different credentials apart', async () => {
		const first = new CredentialStore('key_a');
		const second = new CredentialStore('key_b');
		expect(await verifiesWithSigningKey(first.context(), signedWith('key_a'), now)).toBe(true);
		expect(await verifiesWithSigningKey(second.context(), signedWith('key_a'), now)).toBe(false);
		expect(await verifiesWithSigningKey(second.context(), signedWith('key_b'), now)).toBe(true);
		expect(await verifiesWithSigningKey(first.context(), signedWith('key_a'), now)).toBe(true);
		expect([first.reads, second.reads]).toEqual([1, 1]);
	});

	it('keeps nothing for a credential without an id', async () => {
		const store = new CredentialStore('key_a', null);
		await verifiesWithSigningKey(store.context(), signedWith('key_a'), now);
		await verifiesWithSigningKey(store.context(), signedWith('key_a'), now);
		expect(store.reads).toBe(2);
	});
});
