import fc from 'fast-check';

import { NumberLiteral, ObjectText, Nested, type JsonText } from './jsonText';

/** Unusual values for the fuzz suites: texts, numbers and keys that break naive handling, and JSON trees of them. */

const SPECIAL_TEXTS = [
	'',
	' ',
	'👩🏽‍💻👨‍👩‍👧‍👦🏳️‍🌈',
	'🇩🇰🇸🇬',
	'مرحبا بالعالم',
	'שלום עולם',
	'\u202eevil\u202c',
	'e\u0301\u0302\u0303\u0304\u0305 Zalgo: Z\u0351\u0310\u0346\u0300\u033ea\u0367l\u0312g\u036fo',
	'Zoë — 你好 — Ελληνικά',
	'\ufeffBOM',
	'line\u2028separator\u2029paragraph',
	'\u0000nul\u0001control\u001f',
	'tab\tnew\nline\rreturn',
	'quote " backslash \\ slash /',
	'\ud800',
	'\udfff',
	'lone \udc00 low, lone \udbff high',
	'</script><script>alert(1)</script>',
	'{"event":"call_started"}',
	'x'.repeat(1500),
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

export const unusualText: fc.Arbitrary<string> = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 30 }),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.constantFrom(...SPECIAL_TEXTS),
	fc.array(fc.oneof(fc.constantFrom(...SPECIAL_TEXTS.slice(1, 16)), loneSurrogate, fc.string({ maxLength: 4 })), { maxLength: 6 }).map((parts) => parts.join('')),
);

const NUL_OR_LONE_SURROGATE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Whether PostgreSQL can store the text: no NUL character, no half of a surrogate pair. */
export function isStorable(text: string): boolean {
	return !new RegExp(NUL_OR_LONE_SURROGATE.source).test(text);
}

/** The same unusual texts, minus what PostgreSQL cannot store (U+FFFD instead). */
export const storableText: fc.Arbitrary<string> = unusualText.map((text) => text.replace(NUL_OR_LONE_SURROGATE, '\ufffd'));

const NUMBER_LITERALS = [
	'0',
	'-0',
	'-0.0',
	'9007199254740993',
	'-9007199254740993',
	'18446744073709551616',
	'123456789012345678901234567890',
	'1e400',
	'-1e400',
	'1E+2',
	'5e-324',
	'1e-400',
	'1.7976931348623157e308',
	'0.1',
	'-2.5',
	'3.141592653589793238462643383279',
	'1767225600000',
	'1767225600000.5',
];

export const unusualNumber: fc.Arbitrary<NumberLiteral> = fc.oneof(
	fc.constantFrom(...NUMBER_LITERALS).map((text) => new NumberLiteral(text)),
	fc.bigInt({ min: -(2n ** 90n), max: 2n ** 90n }).map((value) => new NumberLiteral(value.toString())),
	fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => new NumberLiteral(String(value))),
	fc.integer().map((value) => new NumberLiteral(String(value))),
);

const TRICKY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'call', 'event', 'json', 'binary', 'pairedItem', '$json', 'a.b', '[0]'];

export interface JsonArbitraries {
	text: fc.Arbitrary<string>;
	/** Non-empty text: a mapper could not take it for absent. */
	presentText: fc.Arbitrary<string>;
	key: fc.Arbitrary<string>;
	leaf: fc.Arbitrary<JsonText>;
	/** Any JSON value, nested a few levels, with unusual keys (duplicates included) and leaves. */
	tree: fc.Arbitrary<JsonText>;
	objectTree: fc.Arbitrary<ObjectText>;
	/** A leaf nested 20 to `maxDepth` levels deep. */
	deep: (maxDepth: number) => fc.Arbitrary<JsonText>;
}

export function jsonArbitraries(text: fc.Arbitrary<string>): JsonArbitraries {
	const key = fc.oneof(fc.constantFrom(...TRICKY_KEYS), text);
	const leaf: fc.Arbitrary<JsonText> = fc.oneof(fc.constant(null), fc.boolean(), text, unusualNumber);
	const tree = fc.letrec<{ tree: JsonText }>((tie) => ({
		tree: fc.oneof(
			{ depthSize: 'small', withCrossShrink: true },
			leaf,
			fc.array(tie('tree'), { maxLength: 5 }),
			fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((members) => new ObjectText(members)),
		),
	})).tree;
	return {
		text,
		presentText: text.filter((value) => value !== ''),
		key,
		leaf,
		tree,
		objectTree: fc.array(fc.tuple(key, tree), { maxLength: 6 }).map((members) => new ObjectText(members)),
		deep: (maxDepth) => fc.tuple(fc.integer({ min: 20, max: maxDepth }), leaf).map(([depth, value]) => new Nested(depth, value)),
	};
}

/** Values as Retell could send them: anything JSON can carry. */
export const raw = jsonArbitraries(unusualText);
/** The same, minus text PostgreSQL cannot store. */
export const storable = jsonArbitraries(storableText);

export const presentText = raw.presentText;
export const unusualKey = raw.key;
export const jsonLeaf = raw.leaf;
export const jsonTree = raw.tree;
export const jsonObjectTree = raw.objectTree;
export const deepTree = raw.deep(2_000);
