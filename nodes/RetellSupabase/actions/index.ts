import type { INodeProperties } from 'n8n-workflow';

import * as agent from './agent';
import * as lead from './lead';
import type { RetellSupabaseOperations } from './node.type';
import * as session from './session';

export const operations: RetellSupabaseOperations = {
	session: session.operations,
	agent: agent.operations,
	lead: lead.operations,
};

export const resourceDescriptions: INodeProperties[] = [
	...session.description,
	...agent.description,
	...lead.description,
];
