import { retellResource } from '../node.type';
import { operation as getAll } from './getAll.operation';

export const exportRequest = retellResource('exportRequest', 'Export Request', 'getAll', [getAll]);
