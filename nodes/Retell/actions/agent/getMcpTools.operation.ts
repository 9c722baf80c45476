import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { fieldReader, getCollection, getResourceId, getString } from '../../../shared/parameters';
import { assertPresent, omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { agentLocator, conversationFlowComponentLocator, optionalLocator } from '../../../shared/retell/fields';
import { versionOption } from '../common.descriptions';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const properties: INodeProperties[] = [
	{ ...agentLocator, description: 'The agent whose MCP server to ask' },
	{
		displayName: 'MCP Server ID',
		name: 'mcpId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'mcp-server-1',
		description:
			"The MCP server configured on the agent's Retell LLM or conversation flow (listed under mcps by LLM → Get and Conversation Flow → Get). The agent's MCP tools and MCP nodes name it in their mcp_id.",
	},
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				...optionalLocator(conversationFlowComponentLocator),
				description: "The shared component the MCP server is configured in, when it is not on the agent's conversation flow itself",
			},
			{ ...versionOption, description: 'Use this version of the agent instead of the latest one' },
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const node = this.getNode();
	const agentId = getResourceId(this, 'agentId', itemIndex, 'Agent ID');
	const mcpId = assertPresent(node, getString(this, 'mcpId', itemIndex), 'MCP Server ID', itemIndex);
	const options = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	const query = {
		mcp_id: mcpId,
		...omitBlank({ component_id: options.resourceId('componentId'), version: options.number('version', 'Version') }),
	};
	const tools = await retellRequest(this, client, async (retell) => await retell.mcpTool.getMcpTools(agentId, query), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Agent',
	});
	// Retell answers the whole list in one array (no pagination), so the Limit is applied here.
	return tools.slice(0, readLimit(this, itemIndex)).map(toDataObject);
}

export const operation = retellOperation({
	resource: 'agent',
	operation: 'getMcpTools',
	option: {
		name: 'Get MCP Tools',
		description: 'List the tools an MCP server configured on the agent offers, one item per tool with its input schema',
		action: 'Get MCP tools of an agent',
	},
	docsUrl: apiReference('get-mcp-tools'),
	properties,
	execute,
});
