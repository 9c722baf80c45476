import type { INodeProperties } from 'n8n-workflow';

import { resourceSelector } from '../../shared/operation';
import { agent } from './agent';
import { lead } from './lead';
import type { RetellSupabaseResource, SupabaseOperation } from './node.type';
import { session } from './session';

const resources = [agent, lead, session];

export const operations: Record<RetellSupabaseResource, Record<string, SupabaseOperation>> = {
	agent: agent.operations,
	lead: lead.operations,
	session: session.operations,
};

export const properties: INodeProperties[] = [
	resourceSelector(resources, 'session'),
	...resources.flatMap((resource) => resource.properties),
];
