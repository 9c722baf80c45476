import type {
	AllEntities,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { RetellSupabaseClient } from '../transport';

/** Every resource and its operations. A missing operation module is a compile error in actions/index.ts. */
export type RetellSupabaseMap = {
	session: 'get' | 'getAll' | 'log' | 'reconcile';
	agent: 'save';
	lead: 'createFromCall';
};

export type RetellSupabaseType = AllEntities<RetellSupabaseMap>;

/** One item in, one result (or several, e.g. Get Many) out; the router pairs them with the item. */
export interface ItemOperation {
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		client: RetellSupabaseClient,
	): Promise<IDataObject | IDataObject[]>;
}

/** What became of one input item in a batched operation. */
export type ItemOutcome = { json: IDataObject } | { error: NodeApiError | NodeOperationError };

/**
 * All items handled together in as few requests as possible (Session → Log). It returns one outcome
 * per input item, in input order; it throws when it stops without Continue On Fail.
 */
export interface BatchOperation {
	description: INodeProperties[];
	executeBatch(this: IExecuteFunctions, itemCount: number, client: RetellSupabaseClient): Promise<ItemOutcome[]>;
}

/** Runs once per execution, whatever the input (Session → Reconcile); its one result pairs with every item. */
export interface SummaryOperation {
	description: INodeProperties[];
	executeOnce(this: IExecuteFunctions, itemCount: number, client: RetellSupabaseClient): Promise<IDataObject>;
}

export type AnyOperation = ItemOperation | BatchOperation | SummaryOperation;

export type RetellSupabaseOperations = {
	[R in keyof RetellSupabaseMap]: Record<RetellSupabaseMap[R], AnyOperation>;
};
