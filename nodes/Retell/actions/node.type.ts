import type { AllEntities, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetellClient } from '../transport';

/** Every resource and its operations. A missing operation module is a compile error in actions/index.ts. */
export type RetellMap = {
	concurrency: 'get';
};

export type RetellType = AllEntities<RetellMap>;

/** What one `<operation>.operation.ts` file exports. */
export interface RetellOperation {
	description: INodeProperties[];
	/** One item in, one result (or several, e.g. Get Many) out; the router pairs them with the item. */
	execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject | IDataObject[]>;
}

export type RetellOperations = { [R in keyof RetellMap]: Record<RetellMap[R], RetellOperation> };
