import { retellResource } from '../node.type';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';

export const voice = retellResource('voice', 'Voice', 'getAll', [get, getAll]);
