import { retellResource } from '../node.type';
import { operation as createPhoneCall } from './createPhoneCall.operation';
import { operation as createWebCall } from './createWebCall.operation';
import { operation as deleteCall } from './deleteCall.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as stop } from './stop.operation';
import { operation as update } from './update.operation';

export const call = retellResource('call', 'Call', 'get', [
	createPhoneCall,
	createWebCall,
	deleteCall,
	get,
	getAll,
	stop,
	update,
]);
