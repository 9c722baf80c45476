import { retellResource } from '../node.type';
import { operation as addResource } from './addResource.operation';
import { operation as clone } from './clone.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as search } from './search.operation';

export const voice = retellResource('voice', 'Voice', 'getAll', [addResource, clone, get, getAll, search]);
