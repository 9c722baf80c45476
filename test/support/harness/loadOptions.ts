import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodePropertyOptions, INodeType } from 'n8n-workflow';

import type { CredentialFixtures } from './credentialsHelper';
import { buildTestWorkflow, createAdditionalData, type TestNode } from './runWorkflow';

function context(node: TestNode, credentials: CredentialFixtures): { nodeType: INodeType; context: LoadOptionsContext } {
	const { workflow, lastNode } = buildTestWorkflow({ nodes: [node] });
	const nodeType = workflow.nodeTypes.getByNameAndVersion(lastNode.type, lastNode.typeVersion) as INodeType;
	// n8n's own context for the editor's list requests (packages/cli dynamic-node-parameters.service).
	const loadContext = new LoadOptionsContext(workflow, lastNode, createAdditionalData({ credentials }), '');
	return { nodeType, context: loadContext };
}

/** A From List search of a resource locator, as the editor asks for it. */
export async function listSearch(
	node: TestNode,
	method: string,
	credentials: CredentialFixtures,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { nodeType, context: loadContext } = context(node, credentials);
	const search = nodeType.methods?.listSearch?.[method];
	if (!search) throw new Error(`${node.type} has no listSearch.${method}`);
	return await search.call(loadContext, filter);
}

/** The options of an options or multi-options parameter (`loadOptionsMethod`), as the editor loads them. */
export async function loadOptions(
	node: TestNode,
	method: string,
	credentials: CredentialFixtures,
): Promise<INodePropertyOptions[]> {
	const { nodeType, context: loadContext } = context(node, credentials);
	const load = nodeType.methods?.loadOptions?.[method];
	if (!load) throw new Error(`${node.type} has no loadOptions.${method}`);
	return await load.call(loadContext);
}
