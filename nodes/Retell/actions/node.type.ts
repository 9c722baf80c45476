import type { AllEntities, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetellClient } from '../transport';

/** Every resource and its operations. A missing operation module is a compile error in actions/index.ts. */
export type RetellMap = {
	agent: 'create' | 'deleteAgent' | 'get' | 'getAll' | 'getVersions' | 'provision' | 'publish' | 'update';
	batchCall: 'create';
	call: 'createPhoneCall' | 'createWebCall' | 'deleteCall' | 'get' | 'getAll' | 'update';
	concurrency: 'get';
	knowledgeBase: 'addSources' | 'create' | 'deleteKnowledgeBase' | 'deleteSource' | 'get' | 'getAll';
	llm: 'create' | 'deleteLlm' | 'get' | 'getAll' | 'update';
	phoneNumber: 'buy' | 'deletePhoneNumber' | 'get' | 'getAll' | 'importPhoneNumber' | 'update';
	voice: 'get' | 'getAll';
	webhookResponse: 'buildFunctionResult' | 'buildInboundCallResponse';
};

export type RetellType = AllEntities<RetellMap>;

/** What one `<operation>.operation.ts` file exports. */
export interface RetellOperation {
	description: INodeProperties[];
	/** One item in, one result (or several, e.g. Get Many) out; the router pairs them with the item. */
	execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject | IDataObject[]>;
}

/**
 * An operation that makes ONE request from ALL input items (Batch Call → Create: one batch, one task
 * per item). The router calls it once and pairs its single result with every item.
 */
export interface RetellAllItemsOperation {
	description: INodeProperties[];
	executeForAllItems(this: IExecuteFunctions, itemCount: number, client: RetellClient): Promise<IDataObject>;
}

/**
 * An operation that only shapes its input and never calls Retell (Webhook Response): the router
 * creates no client for it, so it runs without a Retell credential.
 */
export interface RetellLocalOperation {
	description: INodeProperties[];
	needsClient: false;
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export type RetellOperations = {
	[R in keyof RetellMap]: Record<RetellMap[R], RetellOperation | RetellAllItemsOperation | RetellLocalOperation>;
};
