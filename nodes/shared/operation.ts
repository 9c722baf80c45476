import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

const FILE_RESULT = Symbol('fileResult');

/** One output item that carries files (e.g. a downloaded recording) beside its JSON. */
export interface FileResult {
	readonly [FILE_RESULT]: true;
	json: IDataObject;
	binary: IBinaryKeyData;
}

export function withFiles(json: IDataObject, binary: IBinaryKeyData): FileResult {
	return { [FILE_RESULT]: true, json, binary };
}

/** Branded, so that a call object that happens to have "json" and "binary" keys is never read as one. */
export function isFileResult(result: IDataObject | FileResult): result is FileResult {
	return Object.hasOwn(result, FILE_RESULT);
}

export type ItemResult = IDataObject | IDataObject[] | FileResult;

/** What became of one input item in a batched operation. */
export type ItemOutcome = { json: IDataObject } | { error: NodeApiError | NodeOperationError };

/**
 * How the router runs an operation:
 * - `execute`: one item in, one result (or several, e.g. Get Many) out, items a few at a time;
 * - `executeOnce`: one request from all items (Batch Call → Create, Session → Reconcile), its result paired
 *   with every item;
 * - `executeBatch`: all items together in as few requests as possible (Session → Log), one outcome per item
 *   in input order; it throws when it stops without Continue On Fail;
 * - `needsClient: false`: shapes its items and calls no service, so it runs without a credential.
 */
export type Execution<Client> =
	| { execute(this: IExecuteFunctions, itemIndex: number, client: Client): Promise<ItemResult> }
	| { executeOnce(this: IExecuteFunctions, itemCount: number, client: Client): Promise<IDataObject> }
	| { executeBatch(this: IExecuteFunctions, itemCount: number, client: Client): Promise<ItemOutcome[]> }
	| { needsClient: false; execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult> };

/** One `<operation>.operation.ts` file: its place in the node, its entry in the Operation list, its fields. */
export type OperationSpec<Resource extends string, Client> = Execution<Client> & {
	/** Checked against the node's resources at compile time. */
	resource: Resource;
	/** The Operation parameter's value, unique within its resource. */
	operation: string;
	/** The entry in the Operation list; `action` is what the canvas subtitle and AI agents read. */
	option: { name: string; description: string; action: string };
	/** The operation's fields, without displayOptions for resource and operation: they are added here. */
	properties: INodeProperties[];
};

export type Operation<Resource extends string, Client> = OperationSpec<Resource, Client> & {
	/** The fields, shown only for this resource and operation. */
	description: INodeProperties[];
};

export function defineOperation<Resource extends string, Client>(
	spec: OperationSpec<Resource, Client>,
): Operation<Resource, Client> {
	const show = { resource: [spec.resource], operation: [spec.operation] };
	return { ...spec, description: updateDisplayOptions({ show }, spec.properties) };
}

export interface Resource<Name extends string, Client> {
	value: Name;
	name: string;
	operations: Record<string, Operation<Name, Client>>;
	/** The Operation selector of the resource, then the fields of each operation. */
	properties: INodeProperties[];
}

/**
 * A resource built from its operations: the Operation list (in n8n's alphabetical order) and every field come
 * from the operation files, so a value can never disagree with the fields it shows.
 */
export function defineResource<Name extends string, Client>(
	value: Name,
	name: string,
	defaultOperation: string,
	list: Array<Operation<Name, Client>>,
): Resource<Name, Client> {
	const operations: Record<string, Operation<Name, Client>> = {};
	for (const operation of list) {
		if (Object.hasOwn(operations, operation.operation)) {
			throw new Error(`The ${value} resource lists the operation "${operation.operation}" twice`);
		}
		operations[operation.operation] = operation;
	}
	if (!Object.hasOwn(operations, defaultOperation)) {
		throw new Error(`The ${value} resource has no "${defaultOperation}" operation to default to`);
	}
	const options: INodePropertyOptions[] = list
		.map(({ operation, option }) => ({ ...option, value: operation }))
		.sort((a, b) => a.name.localeCompare(b.name));
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [value] } },
		options,
		default: defaultOperation,
	};
	return { value, name, operations, properties: [selector, ...list.flatMap((operation) => operation.description)] };
}

/** The Resource selector of a node, in n8n's alphabetical order. */
export function resourceSelector(resources: Array<{ name: string; value: string }>, defaultResource: string): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources
			.map(({ name, value }) => ({ name, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultResource,
	};
}
