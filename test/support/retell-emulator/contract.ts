import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

import { coerceText, formatErrors, templatePattern, toJsonSchema, type Json, type Operation, type Parameter } from './openApiSchema';
import { SDK_ADDITIONS, sdkOperations } from './sdkSchemas';
import { isRecord as isObject } from './validate';

/**
 * The contract check: every request the emulator receives is validated against Retell's public OpenAPI description
 * (`../shared/retell-openapi/retell-openapi.yml`, revision 2026-08-03) where it describes the endpoint, and against
 * schemas written from retell-sdk 5.66.1's types for the newer endpoints it lacks (`sdkSchemas.ts` and its
 * `sdkSchemas.<area>.ts` parts: list-agents v2, create-web-call v3, live-call control, chats, contacts, apps, …). Query strings, JSON bodies and multipart
 * forms are checked; unknown query parameters and unknown body fields (where the description closes the object)
 * are violations. Multipart arrays and objects travel as one JSON-text field each: that is what Retell's API reads
 * (retell-sdk sends them so since 5.49.1; an SDK build that sent one field per element made Retell answer "no
 * knowledge base sources provided", https://github.com/RetellAI/retell-typescript-sdk/issues/463), so such a field is
 * parsed before it is checked against the description's array.
 */

export const RETELL_OPENAPI_PATH = process.env.RETELL_OPENAPI_PATH ?? path.resolve(__dirname, '../../../../shared/retell-openapi/retell-openapi.yml');

export interface ContractRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	/** Parsed JSON, or for multipart an object of fields (a string, repeated strings, or `[{filename, size, type}]` files). */
	body: unknown;
	contentType: string | undefined;
}

export interface ContractViolation {
	request: string;
	problems: string[];
}

export class RetellContract {
	private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
	private readonly operations: Operation[];
	private readonly validators = new Map<Json, ValidateFunction>();
	/** The description's components as JSON Schema, under the `retell` id every converted `$ref` points to. */
	private readonly root: Json;

	private constructor(spec: Json) {
		const components = (isObject(spec.components) ? spec.components : {}) as Json;
		this.root = { $id: 'retell', components: toJsonSchema(components) };
		this.ajv.addSchema(this.root);
		// Shared parameters come from the converted root, so each schema is one object and its validator compiles once.
		const sharedParameters = (this.root.components as Json).parameters as Record<string, Parameter> | undefined;
		const resolveParameter = (value: unknown): Parameter => {
			const ref = isObject(value) && typeof value.$ref === 'string' ? value.$ref.split('/').pop() : undefined;
			if (ref && sharedParameters?.[ref]) return sharedParameters[ref];
			const parameter = value as Parameter;
			return parameter.schema ? { ...parameter, schema: toJsonSchema(parameter.schema) as Json } : parameter;
		};
		const described: Operation[] = [];
		for (const [template, item] of Object.entries(isObject(spec.paths) ? spec.paths : {})) {
			if (!isObject(item)) continue;
			for (const [method, operation] of Object.entries(item)) {
				if (!isObject(operation) || !isObject(operation.responses)) continue;
				const parameters = (Array.isArray(operation.parameters) ? operation.parameters : []).map(resolveParameter);
				let body: Operation['body'];
				const requestBody = operation.requestBody;
				if (isObject(requestBody) && isObject(requestBody.content)) {
					const [contentType, media] = Object.entries(requestBody.content)[0] ?? [];
					if (contentType && isObject(media) && isObject(media.schema)) {
						body = { required: requestBody.required === true, contentType, schema: toJsonSchema(media.schema) as Json };
					}
				}
				described.push({ method: method.toUpperCase(), template, pattern: templatePattern(template), parameters, body, source: 'OpenAPI' });
			}
		}
		this.operations = [...described, ...sdkOperations()].map((operation) => this.withSdkAdditions(operation));
	}

	/** What retell-sdk adds to an endpoint the description has (SDK_ADDITIONS), folded in once. */
	private withSdkAdditions(operation: Operation): Operation {
		const added = SDK_ADDITIONS.find((addition) => addition.method === operation.method && addition.template === operation.template);
		const described = operation.body && this.propertyNames(operation.body.schema);
		return {
			...operation,
			parameters: [...operation.parameters, ...(added?.query ?? [])],
			knownBodyFields: described && new Set([...described, ...(added?.body ?? [])]),
		};
	}

	static load(file = RETELL_OPENAPI_PATH): RetellContract {
		if (!existsSync(file)) throw new Error(`Retell's OpenAPI description is missing at ${file} (set RETELL_OPENAPI_PATH)`);
		return new RetellContract(parse(readFileSync(file, 'utf8')) as Json);
	}

	/** The endpoint's description, or undefined for an endpoint neither the description nor the SDK schemas cover. */
	find(method: string, requestPath: string): Operation | undefined {
		const candidates = this.operations.filter((operation) => operation.method === method && operation.pattern.test(requestPath));
		// A literal path wins over a template (`/v2/list-calls` before `/v2/{x}`-like matches).
		return candidates.sort((a, b) => (a.template.includes('{') ? 1 : 0) - (b.template.includes('{') ? 1 : 0))[0];
	}

	check(request: ContractRequest): ContractViolation | undefined {
		const operation = this.find(request.method, request.path);
		if (!operation) return undefined;
		const problems = [...this.checkQuery(operation, request.query), ...this.checkBody(operation, request)];
		return problems.length === 0 ? undefined : { request: `${request.method} ${request.path} (${operation.source}: ${operation.method} ${operation.template})`, problems };
	}

	private validator(schema: Json): ValidateFunction {
		let validate = this.validators.get(schema);
		if (!validate) {
			validate = this.ajv.compile(schema);
			this.validators.set(schema, validate);
		}
		return validate;
	}

	private checkQuery(operation: Operation, query: Record<string, string>): string[] {
		const problems: string[] = [];
		const declared = operation.parameters.filter((parameter) => parameter.in === 'query');
		for (const name of Object.keys(query)) {
			if (!declared.some((parameter) => parameter.name === name)) problems.push(`query parameter "${name}" is not described`);
		}
		for (const parameter of declared) {
			const raw = query[parameter.name];
			if (raw === undefined) {
				if (parameter.required) problems.push(`query parameter "${parameter.name}" is required`);
				continue;
			}
			if (!parameter.schema) continue;
			const validate = this.validator(parameter.schema);
			if (!validate(coerceText(raw, parameter.schema))) problems.push(...formatErrors(`query.${parameter.name}`, validate.errors));
		}
		return problems;
	}

	private checkBody(operation: Operation, request: ContractRequest): string[] {
		const body = operation.body;
		if (!body) return [];
		if (request.body === undefined) return body.required ? ['the request body is required'] : [];
		const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
		if (type !== body.contentType) return [`the body is ${type || 'untyped'}, the description wants ${body.contentType}`];
		const value = body.contentType === 'multipart/form-data' ? this.formValues(body.schema, request.body) : request.body;
		const validate = this.validator(body.schema);
		const problems = validate(value) ? [] : formatErrors('body', validate.errors);
		// Most of the description leaves objects open; a top-level field it does not know is still a finding (a typo,
		// or a field Retell does not take), unless retell-sdk 5.66.1 documents it (SDK_ADDITIONS).
		const known = operation.knownBodyFields;
		if (known && isObject(value)) {
			for (const name of Object.keys(value)) {
				if (!known.has(name)) problems.push(`body field "${name}" is not described`);
			}
		}
		return problems;
	}

	/** The top-level property names a body schema lists (through $ref and allOf), or undefined when it lists none. */
	private propertyNames(schema: Json): Set<string> | undefined {
		const resolved = this.resolve(schema);
		const names = new Set<string>(isObject(resolved.properties) ? Object.keys(resolved.properties) : []);
		for (const part of Array.isArray(resolved.allOf) ? resolved.allOf : []) {
			if (isObject(part)) for (const name of this.propertyNames(part) ?? []) names.add(name);
		}
		return names.size > 0 ? names : undefined;
	}

	/** A multipart form as the JSON the description types: files as binary strings, JSON-text fields parsed. */
	private formValues(schema: Json, form: unknown): unknown {
		if (!isObject(form)) return form;
		const { properties: listed } = this.resolve(schema);
		const properties = (isObject(listed) ? listed : {}) as Record<string, Json>;
		const values: Json = {};
		for (const [name, value] of Object.entries(form)) {
			const property = this.resolve(properties[name] ?? {});
			const isFiles = Array.isArray(value) && value.every((entry) => isObject(entry) && 'filename' in entry);
			if (isFiles) values[name] = property.type === 'array' ? value.map(() => 'binary') : 'binary';
			else if (typeof value === 'string') values[name] = coerceText(value, property);
			else values[name] = value;
		}
		return values;
	}

	private resolve(schema: Json): Json {
		const ref = schema.$ref;
		if (typeof ref !== 'string' || !ref.startsWith('retell#/')) return schema;
		const target = ref
			.slice('retell#/'.length)
			.split('/')
			.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), this.root);
		return isObject(target) ? this.resolve(target) : schema;
	}
}

const reported: ContractViolation[] = [];

/** Every emulator in the process reports here; the test setup takes them after each test and fails it. */
export function reportContractViolation(violation: ContractViolation): void {
	reported.push(violation);
}

export function takeContractViolations(): ContractViolation[] {
	return reported.splice(0);
}

let shared: RetellContract | undefined;

/** One contract per process: the description is parsed once, each schema compiled on first use. */
export function sharedContract(): RetellContract {
	shared ??= RetellContract.load();
	return shared;
}
