import type { ErrorObject } from 'ajv';

import { isRecord as isObject, type JsonObject } from './validate';

export type Json = JsonObject;

export interface Parameter {
	name: string;
	in: string;
	required?: boolean;
	schema?: Json;
}

export interface Operation {
	method: string;
	template: string;
	pattern: RegExp;
	parameters: Parameter[];
	body?: { required: boolean; contentType: string; schema: Json };
	/** The body's top-level field names (described, plus retell-sdk's additions), or undefined when the schema lists none. */
	knownBodyFields?: Set<string>;
	/** Where the schemas come from, for the violation message. */
	source: 'OpenAPI' | 'retell-sdk 5.66.1 types';
}

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a null type, and local `$ref`s point into the `retell` schema. */
export function toJsonSchema(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(toJsonSchema);
	if (!isObject(node)) return node;
	const out: Json = {};
	for (const [key, value] of Object.entries(node)) {
		out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `retell${value}` : toJsonSchema(value);
	}
	// OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum (JSON Schema draft 4 style).
	for (const [exclusive, bound] of [
		['exclusiveMinimum', 'minimum'],
		['exclusiveMaximum', 'maximum'],
	] as const) {
		if (typeof out[exclusive] !== 'boolean') continue;
		if (out[exclusive] === true && typeof out[bound] === 'number') {
			out[exclusive] = out[bound];
			delete out[bound];
		} else {
			delete out[exclusive];
		}
	}
	if (typeof out.nullable !== 'boolean') return out;
	const nullable = out.nullable;
	delete out.nullable;
	if (!nullable) return out;
	if (typeof out.type === 'string') {
		out.type = [out.type, 'null'];
		if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
		return out;
	}
	return { anyOf: [out, { type: 'null' }] };
}

export function templatePattern(template: string): RegExp {
	const literals = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
	return new RegExp(`^${literals.join('[^/]+')}$`);
}

export function formatErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
	return (errors ?? []).map((error) => {
		const at = `${where}${error.instancePath}`;
		const extra = error.keyword === 'additionalProperties' ? ` "${String((error.params as { additionalProperty?: string }).additionalProperty)}"` : '';
		return `${at} ${error.message ?? error.keyword}${extra}`;
	});
}

/** Query values and form fields arrive as text: read them as the type the schema wants. */
export function coerceText(text: string, schema: Json): unknown {
	const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type;
	if ((type === 'integer' || type === 'number') && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
	if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
	if (type === 'array' || type === 'object') {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return text;
		}
	}
	return text;
}
