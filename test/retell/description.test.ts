import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
	NodePropertyTypes,
} from 'n8n-workflow';

import { operations } from '../../nodes/Retell/actions';
import { loadPackageNodeTypes } from '../support/harness';

/**
 * Invariants over every node description of the package: the mistakes that break saved workflows
 * (display-string values, duplicate parameter names), hide operations from AI agents (no `action`)
 * or leak secrets (password fields shown in clear text) are caught here, not by users.
 */

function descriptionsOf(): Array<[string, INodeTypeDescription]> {
	return [...loadPackageNodeTypes()].flatMap(([typeName, nodeType]) =>
		'nodeVersions' in nodeType
			? Object.entries(nodeType.nodeVersions).map(
					([version, versioned]): [string, INodeTypeDescription] => [`${typeName}@${version}`, versioned.description],
				)
			: [[typeName, nodeType.description]],
	);
}

const nodes = descriptionsOf();

function isOption(value: unknown): value is INodePropertyOptions {
	return typeof value === 'object' && value !== null && 'value' in value && !('displayName' in value);
}

function isProperty(value: unknown): value is INodeProperties {
	return typeof value === 'object' && value !== null && 'displayName' in value && 'type' in value;
}

function isPropertyCollection(value: unknown): value is INodePropertyCollection {
	return typeof value === 'object' && value !== null && 'values' in value;
}

/** Every property at every depth: collection options and fixed-collection values included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allProperties((property.options ?? []).filter(isProperty)),
		...(property.options ?? []).filter(isPropertyCollection).flatMap((group) => allProperties(group.values)),
	]);
}

function selectorOptions(description: INodeTypeDescription, name: 'resource' | 'operation') {
	return description.properties
		.filter((property) => property.name === name && property.type === 'options')
		.map((property) => ({ property, options: (property.options ?? []).filter(isOption) }));
}

function shown(property: INodeProperties, key: string): unknown[] | undefined {
	const values = property.displayOptions?.show?.[key];
	return Array.isArray(values) ? values : undefined;
}

/** Whether some parameter values exist under which both properties are displayed at once. */
function canShowTogether(a: INodeProperties, b: INodeProperties): boolean {
	const showA = a.displayOptions?.show ?? {};
	const showB = b.displayOptions?.show ?? {};
	return Object.keys(showA)
		.filter((key) => key in showB)
		.every((key) => {
			const valuesB = (showB[key] ?? []).map((value) => JSON.stringify(value));
			return (showA[key] ?? []).some((value) => valuesB.includes(JSON.stringify(value)));
		});
}

/** The top-level properties displayed for one resource + operation (other conditions ignored). */
function propertiesFor(description: INodeTypeDescription, resource: string | undefined, operation: string) {
	return description.properties.filter((property) => {
		const resources = shown(property, 'resource');
		const operations = shown(property, 'operation');
		return (
			(resource === undefined || resources === undefined || resources.includes(resource)) &&
			operations !== undefined &&
			operations.includes(operation)
		);
	});
}

const SECRET_NAME = /password|secret|api_?key|private_?key|service_?role/i;
const TEXT_TYPES: NodePropertyTypes[] = ['string'];

function operationsWithoutAction(description: INodeTypeDescription): string[] {
	return selectorOptions(description, 'operation')
		.flatMap(({ options }) => options)
		.filter((option) => typeof option.action !== 'string' || option.action.trim() === '')
		.map((option) => String(option.value));
}

function displayStringValues(description: INodeTypeDescription): unknown[] {
	return [...selectorOptions(description, 'resource'), ...selectorOptions(description, 'operation')]
		.flatMap(({ options }) => options.map((option) => option.value))
		.filter((value) => typeof value !== 'string' || !/^[a-z][a-zA-Z0-9]*$/.test(value));
}

function getManyWithoutPaging(description: INodeTypeDescription): string[] {
	return selectorOptions(description, 'operation')
		.filter(({ options }) => options.some((option) => option.value === 'getAll'))
		.flatMap(({ property }) => shown(property, 'resource')?.map(String) ?? [undefined])
		.filter((resource) => {
			const names = propertiesFor(description, resource, 'getAll').map((property) => property.name);
			return !names.includes('returnAll') || !names.includes('limit');
		})
		.map((resource) => `${resource ?? '(no resource)'}.getAll`);
}

function duplicateNames(description: INodeTypeDescription): string[] {
	const clashes: string[] = [];
	description.properties.forEach((property, index) => {
		for (const other of description.properties.slice(index + 1)) {
			if (other.name === property.name && canShowTogether(property, other)) {
				clashes.push(`${property.name} ${JSON.stringify(property.displayOptions?.show)}`);
			}
		}
	});
	const nestedClashes = allProperties(description.properties).flatMap((property) => {
		const nested = [
			(property.options ?? []).filter(isProperty),
			...(property.options ?? []).filter(isPropertyCollection).map((group) => group.values),
		];
		return nested.flatMap((siblings) =>
			siblings
				.filter((sibling, index) => siblings.findIndex((other) => other.name === sibling.name) !== index)
				.map((sibling) => `${property.name}.${sibling.name}`),
		);
	});
	return [...clashes, ...nestedClashes];
}

function unmaskedSecrets(description: INodeTypeDescription): string[] {
	return allProperties(description.properties)
		.filter((property) => TEXT_TYPES.includes(property.type) && SECRET_NAME.test(property.name))
		.filter((property) => property.typeOptions?.password !== true)
		.map((property) => property.name);
}

describe.each(nodes)('node description %s', (_typeName, description) => {
	it('gives every operation an action sentence', () => {
		expect(operationsWithoutAction(description)).toEqual([]);
	});

	it('uses camelCase values, never display strings, for resources and operations', () => {
		expect(displayStringValues(description)).toEqual([]);
	});

	it('gives every Get Many a Return All and a Limit', () => {
		expect(getManyWithoutPaging(description)).toEqual([]);
	});

	it('never has two properties of the same name displayed at the same time', () => {
		expect(duplicateNames(description)).toEqual([]);
	});

	it('masks every password-like field', () => {
		expect(unmaskedSecrets(description)).toEqual([]);
	});
});

describe('the description checks', () => {
	const show = (resource: string, operation: string) => ({ show: { resource: [resource], operation: [operation] } });
	const broken: INodeTypeDescription = {
		displayName: 'Broken',
		name: 'broken',
		group: ['output'],
		version: 1,
		description: 'A description that breaks every rule',
		defaults: { name: 'Broken' },
		inputs: [],
		outputs: [],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				options: [{ name: 'Phone Number', value: 'Phone Number' }],
				default: 'Phone Number',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				displayOptions: { show: { resource: ['Phone Number'] } },
				options: [{ name: 'Get Many', value: 'getAll' }],
				default: 'getAll',
			},
			{ displayName: 'Limit', name: 'limit', type: 'number', default: 50, displayOptions: show('Phone Number', 'getAll') },
			{ displayName: 'Max', name: 'limit', type: 'number', default: 5, displayOptions: show('Phone Number', 'getAll') },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				displayOptions: show('Phone Number', 'getAll'),
				options: [{ displayName: 'SIP Password', name: 'sipPassword', type: 'string', default: '' }],
			},
		],
	};

	it('catch what they are meant to catch', () => {
		expect(operationsWithoutAction(broken)).toEqual(['getAll']);
		expect(displayStringValues(broken)).toEqual(['Phone Number']);
		expect(getManyWithoutPaging(broken)).toEqual(['Phone Number.getAll']);
		expect(duplicateNames(broken)).toEqual([expect.stringMatching(/^limit /)]);
		expect(unmaskedSecrets(broken)).toEqual(['sipPassword']);
	});
});

describe('Retell node registry', () => {
	const retell = nodes.find(([typeName]) => typeName.endsWith('.retell'));

	it('is part of the package', () => {
		expect(retell).toBeDefined();
	});

	it('has a registered module for every operation the description offers, and no module it does not offer', () => {
		const description = retell![1];
		const offered = selectorOptions(description, 'operation').flatMap(({ property, options }) =>
			(shown(property, 'resource') ?? []).flatMap((resource) =>
				options.map((option) => `${String(resource)}.${String(option.value)}`),
			),
		);
		const registered = Object.entries(operations).flatMap(([resource, modules]) =>
			Object.entries(modules)
				.filter(([, module]) => ['execute', 'executeOnce', 'executeBatch'].some((runner) => typeof Reflect.get(module, runner) === 'function'))
				.map(([operation]) => `${resource}.${operation}`),
		);
		expect(offered.length).toBeGreaterThan(0);
		expect([...registered].sort()).toEqual([...offered].sort());

		const resources = selectorOptions(description, 'resource').flatMap(({ options }) => options.map((o) => o.value));
		expect([...resources].sort()).toEqual(Object.keys(operations).sort());
	});

	it('lists resources alphabetically by name', () => {
		const names = selectorOptions(retell![1], 'resource').flatMap(({ options }) => options.map((o) => o.name));
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});
