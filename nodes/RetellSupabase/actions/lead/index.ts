import { supabaseResource } from '../node.type';
import { operation as createFromCall } from './createFromCall.operation';

export const lead = supabaseResource('lead', 'Lead', 'createFromCall', [createFromCall]);
