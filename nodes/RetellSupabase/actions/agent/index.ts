import { supabaseResource } from '../node.type';
import { operation as getStats } from './getStats.operation';
import { operation as save } from './save.operation';

export const agent = supabaseResource('agent', 'Agent', 'save', [getStats, save]);
