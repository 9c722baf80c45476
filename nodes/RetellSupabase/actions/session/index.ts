import { supabaseResource } from '../node.type';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as log } from './log.operation';
import { operation as reconcile } from './reconcile.operation';

export const session = supabaseResource('session', 'Session', 'log', [get, getAll, log, reconcile]);
