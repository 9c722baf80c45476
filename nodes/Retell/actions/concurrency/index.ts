import { retellResource } from '../node.type';
import { operation as get } from './get.operation';

export const concurrency = retellResource('concurrency', 'Concurrency', 'get', [get]);
