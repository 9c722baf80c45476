import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { operations } from '../../nodes/RetellSupabase/actions';
import { RetellSupabase } from '../../nodes/RetellSupabase/RetellSupabase.node';

const ROOT = join(__dirname, '..', '..');
const description: INodeTypeDescription = new RetellSupabase().description;

function isOption(value: unknown): value is INodePropertyOptions {
	return typeof value === 'object' && value !== null && 'value' in value && !('displayName' in value);
}

function isProperty(value: unknown): value is INodeProperties {
	return typeof value === 'object' && value !== null && 'displayName' in value && 'type' in value;
}

function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [property, ...allProperties((property.options ?? []).filter(isProperty))]);
}

describe('Retell Supabase node description', () => {
	it('is usable as a tool, named as the package declares, with its codex', () => {
		expect(description).toMatchObject({ name: 'retellSupabase', displayName: 'Retell Supabase', usableAsTool: true });
		const codex = JSON.parse(readFileSync(join(ROOT, 'nodes/RetellSupabase/RetellSupabase.node.json'), 'utf8')) as {
			node: string;
		};
		expect(codex.node).toBe('n8n-nodes-retell.retellSupabase');
	});

	it('asks for the Retell credential only for Reconcile', () => {
		expect(description.credentials).toEqual([
			{ name: 'retellSupabaseApi', required: true, testedBy: 'retellSupabaseApiTest' },
			{ name: 'retellApi', required: true, displayOptions: { show: { resource: ['session'], operation: ['reconcile'] } } },
		]);
	});

	it('has an operation module for every offered operation, and offers every module', () => {
		const offered = description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.displayOptions?.show?.resource ?? []).flatMap((resource) =>
					(property.options ?? []).filter(isOption).map((option) => `${String(resource)}:${String(option.value)}`),
				),
			)
			.sort();
		const registered = Object.entries(operations)
			.flatMap(([resource, byOperation]) => Object.keys(byOperation).map((operation) => `${resource}:${operation}`))
			.sort();
		expect(offered).toEqual(registered);
		expect(registered).toEqual([
			'agent:getStats',
			'agent:save',
			'lead:createFromCall',
			'session:get',
			'session:getAll',
			'session:log',
			'session:reconcile',
		]);
	});

	it('uses camelCase option values everywhere', () => {
		const values = allProperties(description.properties)
			.filter((property) => property.type === 'options' || property.type === 'multiOptions')
			.flatMap((property) => (property.options ?? []).filter(isOption).map((option) => String(option.value)));
		expect(values.filter((value) => !/^[a-z][a-zA-Z0-9]*$/.test(value))).toEqual([]);
	});
});
