import { retellResource } from '../node.type';
import { operation as create } from './create.operation';
import { operation as deleteApp } from './deleteApp.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as getUsages } from './getUsages.operation';
import { operation as testAuth } from './testAuth.operation';
import { operation as update } from './update.operation';

export const app = retellResource('app', 'App', 'get', [create, deleteApp, get, getAll, getUsages, testAuth, update]);
