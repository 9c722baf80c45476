import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { limitProperty, readLimit, returnAllProperty } from '../../../shared/getMany';
import { apiReference } from '../../../shared/retell/docs';
import { type RetellClient } from '../../../shared/retell/transport';
import { listAll } from '../../../shared/retell/transport/pages';
import { retellOperation } from '../node.type';
import { contactIdProperty, readContactId } from './contactFields';

const properties: INodeProperties[] = [
	{ ...contactIdProperty, description: 'The contact_id whose calls and chats to list, e.g. from Get by Phone' },
	returnAllProperty,
	limitProperty,
];

/**
 * Retell matches conversations to the contact by its phone number and merges calls and chats into one timeline,
 * newest first (SDK 5.66.1 contact.listConversations). Each item says its `type`; details need Call → Get or Chat → Get.
 */
async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject[]> {
	const contactId = readContactId(this, itemIndex);
	const conversations = await listAll(
		this,
		client,
		async (retell, page) => await retell.contact.listConversations(contactId, page),
		{ limit: readLimit(this, itemIndex), itemIndex, resourceLabel: 'Contact' },
	);
	return conversations.map(toDataObject);
}

export const operation = retellOperation({
	resource: 'contact',
	operation: 'getConversations',
	option: {
		name: 'Get Many Conversations',
		description:
			'List a contact\'s calls and chats, newest first, each with its type, call_id or chat_id, direction, duration, sentiment, success and summary',
		action: 'Get many conversations of a contact',
	},
	docsUrl: apiReference('list-contact-conversations'),
	properties,
	execute,
});
