import { retellResource } from '../node.type';
import { operation as create } from './create.operation';

export const batchCall = retellResource('batchCall', 'Batch Call', 'create', [create]);
