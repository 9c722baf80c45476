import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { fieldReader, getCollection, getResourceId } from '../../../shared/parameters';
import { toAgentVersion } from '../../../shared/retell/responses';
import { omitBlank } from '../../../shared/validation';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import type { CallCreateWebCallParams } from '../../../shared/retell/transport/types';
import { agentLocator } from '../../../shared/retell/fields';
import { readAdditionalJson, withJsonOption } from '../common.descriptions';
import { agentVersionOption, dynamicVariablesProperties, metadataOptions, readCallData } from './callFields';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';

const DOCS_URL = apiReference('create-web-call');

const properties: INodeProperties[] = [
	{
		...agentLocator,
		description: 'The agent the browser talks to',
	},
	...dynamicVariablesProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: withJsonOption(
			[
				agentVersionOption,
				...metadataOptions,
			],
			DOCS_URL,
		),
	},
];

/**
 * Uses the v3 endpoint: v2 create-web-call is removed on 2026-09-30, and v3 answers with connection
 * details (access_token, expires_at, ice_servers), not a call object
 * (https://docs.retellai.com/deprecation-notice).
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const node = this.getNode();
	const options = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	const body: CallCreateWebCallParams = omitBlank({
		agent_id: getResourceId(this, 'agentId', itemIndex, 'Agent'),
		agent_version: toAgentVersion(options.string('agentVersion')),
		...readCallData(this, itemIndex, 'options'),
	});
	const request: CallCreateWebCallParams = { ...body, ...readAdditionalJson(options) };

	const webCall = await retellRequest(this, client, async (retell) => await retell.call.createWebCall(request), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(webCall);
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'createWebCall',
	option: {
		name: 'Create Web Call',
		description: 'Start a browser call with an agent and get the access token your web client joins with',
		action: 'Create a web call',
	},
	docsUrl: DOCS_URL,
	properties,
	execute,
});
