import fc from 'fast-check';

/** JSON as Retell could write it: exact bytes (number literals, member order, duplicates, layout), not just values. */

/** A JSON number exactly as written, so a body can carry numbers a JavaScript number cannot hold exactly. */
export class NumberLiteral {
	constructor(readonly text: string) {}

	[fc.toStringMethod](): string {
		return this.text;
	}
}

/** A JSON object as written: its members in order, duplicates allowed (JSON.parse keeps the last). */
export class ObjectText {
	constructor(readonly members: ReadonlyArray<readonly [string, JsonText]>) {}

	/** Counterexamples print as the JSON that was sent. */
	[fc.toStringMethod](): string {
		return serialize(this);
	}
}

/**
 * `leaf` nested `depth` levels deep, objects and arrays alternating. Kept as a description rather than a tree so
 * that counterexamples print short and nothing recursive (fast-check's printer, Node's util) meets 2,000 levels.
 */
export class Nested {
	constructor(
		readonly depth: number,
		readonly leaf: JsonText,
	) {}

	[fc.toStringMethod](): string {
		return `nested(${this.depth}, ${fc.stringify(this.leaf)})`;
	}
}

export type JsonText = null | boolean | string | NumberLiteral | ObjectText | Nested | JsonText[];

export interface Layout {
	/** Whitespace between tokens: Retell's bytes are signed, so every layout must verify. */
	gap: string;
	/** Writes every non-ASCII character as \uXXXX, as Python's json.dumps does by default. */
	asciiOnly: boolean;
	escapeSlashes: boolean;
}

export const COMPACT: Layout = { gap: '', asciiOnly: false, escapeSlashes: false };

function stringText(value: string, layout: Layout): string {
	// JSON.stringify already writes lone surrogates as \uXXXX escapes.
	let text = JSON.stringify(value);
	if (layout.asciiOnly) {
		text = text.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	}
	return layout.escapeSlashes ? text.replace(/\//g, '\\/') : text;
}

export function serialize(value: JsonText, layout: Layout = COMPACT): string {
	const { gap } = layout;
	if (value === null) return 'null';
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'string') return stringText(value, layout);
	if (value instanceof NumberLiteral) return value.text;
	if (value instanceof Nested) {
		const opens: string[] = [];
		const closes: string[] = [];
		for (let level = value.depth - 1; level >= 0; level--) {
			opens.push(level % 2 ? `[${gap}` : `{${gap}"level"${gap}:${gap}`);
			closes.unshift(level % 2 ? `${gap}]` : `${gap}}`);
		}
		return `${opens.join('')}${serialize(value.leaf, layout)}${closes.join('')}`;
	}
	if (Array.isArray(value)) return `[${gap}${value.map((entry) => serialize(entry, layout)).join(`${gap},${gap}`)}${gap}]`;
	const members = value.members.map(([key, member]) => `${stringText(key, layout)}${gap}:${gap}${serialize(member, layout)}`);
	return `{${gap}${members.join(`${gap},${gap}`)}${gap}}`;
}

export const object = (members: Record<string, JsonText>): ObjectText => new ObjectText(Object.entries(members));

export const layoutArbitrary: fc.Arbitrary<Layout> = fc.record({
	gap: fc.constantFrom('', ' ', '\n', '\t', '\r\n  ', '  \n\t'),
	asciiOnly: fc.boolean(),
	escapeSlashes: fc.boolean(),
});
