import { randomBytes } from 'node:crypto';

/** Retell-style id: a resource prefix and random lower-case hex (`agent_…`, `call_…`). */
export function newId(prefix: string, bytes = 16): string {
	return `${prefix}${randomBytes(bytes).toString('hex')}`;
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same fault and simulation choices. */
export function createPrng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function randomDigits(random: () => number, count: number): string {
	let out = '';
	for (let i = 0; i < count; i++) out += String(Math.floor(random() * 10));
	return out;
}
