import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { name as packageName } from '../../../package.json';
import { testNodeTypes } from './testNodes';

const root = join(__dirname, '..', '..', '..');

/** Every file below `dir` whose name ends with `suffix`, relative to the repository root. */
function findFiles(dir: string, suffix: string): string[] {
	return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith(suffix))
		.map((file) => relative(root, join(root, dir, file)));
}

/** The single class a `*.node.ts` / `*.credentials.ts` module exports, instantiated. */
function instantiateExport<T>(file: string): T {
	// eslint-disable-next-line @typescript-eslint/no-var-requires -- node files are loaded by path, as n8n loads them
	const module = require(join(root, file)) as Record<string, new () => T>;
	const classes = Object.values(module).filter((value) => typeof value === 'function');
	if (classes.length !== 1) throw new Error(`${file} must export exactly one class`);
	return new classes[0]();
}

let packageNodeTypes: Map<string, INodeType | IVersionedNodeType> | undefined;
let packageCredentialTypes: Map<string, ICredentialType> | undefined;

/** This package's node types, keyed as n8n names installed community nodes: `n8n-nodes-retell.<name>`. */
export function loadPackageNodeTypes(): Map<string, INodeType | IVersionedNodeType> {
	packageNodeTypes ??= new Map(
		findFiles('nodes', '.node.ts').map((file) => {
			const nodeType = instantiateExport<INodeType | IVersionedNodeType>(file);
			return [`${packageName}.${nodeType.description.name}`, nodeType];
		}),
	);
	return packageNodeTypes;
}

export function loadPackageCredentialTypes(): Map<string, ICredentialType> {
	packageCredentialTypes ??= new Map(
		findFiles('credentials', '.credentials.ts').map((file) => {
			const credentialType = instantiateExport<ICredentialType>(file);
			return [credentialType.name, credentialType];
		}),
	);
	return packageCredentialTypes;
}

export function nodeTypeName(name: string): string {
	return `${packageName}.${name}`;
}

/** The INodeTypes registry WorkflowExecute resolves nodes through: the package's nodes plus the test-only helpers. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>([
		...loadPackageNodeTypes(),
		...Object.entries(testNodeTypes),
	]);

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`Unknown node type in test workflow: ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}
