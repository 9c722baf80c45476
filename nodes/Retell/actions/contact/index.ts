import { retellResource } from '../node.type';
import { operation as backfillAnalysisData } from './backfillAnalysisData.operation';
import { operation as create } from './create.operation';
import { operation as deleteContact } from './deleteContact.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as getBackfillStatus } from './getBackfillStatus.operation';
import { operation as getByPhone } from './getByPhone.operation';
import { operation as getConversations } from './getConversations.operation';
import { operation as getImportStatus } from './getImportStatus.operation';
import { operation as importContacts } from './import.operation';
import { operation as update } from './update.operation';

export const contact = retellResource('contact', 'Contact', 'get', [
	backfillAnalysisData,
	create,
	deleteContact,
	get,
	getAll,
	getBackfillStatus,
	getByPhone,
	getConversations,
	getImportStatus,
	importContacts,
	update,
]);
