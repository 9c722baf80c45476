import { randomBytes } from 'node:crypto';

/** A value no test data could hold by chance, so each occurrence is a leak of it. */
export const distinctive = (prefix: string): string => `${prefix}_${randomBytes(16).toString('hex')}`;

/**
 * The forms a key can leak in: whole, its middle 16 characters (a partial or masked leak), URL-encoded, and
 * base64/base64url at each of the three alignments it can have inside a longer encoded text (only the characters
 * that depend on the key alone are kept).
 */
export function leakForms(secret: string): string[] {
	const centre = Math.floor(secret.length / 2);
	const forms = [secret, secret.slice(centre - 8, centre + 8), encodeURIComponent(secret)];
	for (const shift of [0, 1, 2]) {
		const bytes = Buffer.concat([Buffer.alloc(shift), Buffer.from(secret, 'utf8')]);
		const encoded = bytes.toString('base64').slice(shift === 0 ? 0 : 4, Math.floor(bytes.length / 3) * 4);
		forms.push(encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return [...new Set(forms)];
}

function countOf(haystack: string, needle: string): number {
	let count = 0;
	for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
	return count;
}

export interface Finding {
	corpus: string;
	secret: string;
	form: string;
	count: number;
}

/** Every form of every named value found in the corpora (none, when nothing leaked). */
export function hunt(corpora: ReadonlyArray<{ name: string; text: string }>, values: Record<string, string>): Finding[] {
	const findings: Finding[] = [];
	for (const corpus of corpora) {
		for (const [secret, value] of Object.entries(values)) {
			for (const form of leakForms(value)) {
				const count = countOf(corpus.text, form);
				if (count > 0) findings.push({ corpus: corpus.name, secret, form, count });
			}
		}
	}
	return findings;
}
