import { retellResource } from '../node.type';
import { operation as createPhoneCall } from './createPhoneCall.operation';
import { operation as createWebCall } from './createWebCall.operation';
import { operation as deleteCall } from './deleteCall.operation';
import { operation as downloadRecording } from './downloadRecording.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as listenLive } from './listenLive.operation';
import { operation as registerPhoneCall } from './registerPhoneCall.operation';
import { operation as rerunAnalysis } from './rerunAnalysis.operation';
import { operation as stop } from './stop.operation';
import { operation as takeOverLive } from './takeOverLive.operation';
import { operation as update } from './update.operation';
import { operation as updateLive } from './updateLive.operation';

export const call = retellResource('call', 'Call', 'get', [
	createPhoneCall,
	createWebCall,
	deleteCall,
	downloadRecording,
	get,
	getAll,
	listenLive,
	registerPhoneCall,
	rerunAnalysis,
	stop,
	takeOverLive,
	update,
	updateLive,
]);
