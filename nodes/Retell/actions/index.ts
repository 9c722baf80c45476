import type { INodeProperties } from 'n8n-workflow';

import * as concurrency from './concurrency';
import type { RetellOperations } from './node.type';

export const operations: RetellOperations = {
	concurrency: concurrency.operations,
};

export const resourceDescriptions: INodeProperties[] = [...concurrency.description];
