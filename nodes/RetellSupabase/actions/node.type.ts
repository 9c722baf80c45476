import { defineOperation, defineResource, type Operation, type OperationSpec } from '../../shared/operation';
import type { RetellSupabaseClient } from '../../shared/supabase/transport';

/** The Retell Supabase node's resources; an operation file naming another one does not compile. */
export type RetellSupabaseResource = 'agent' | 'lead' | 'session';

export type SupabaseOperation<R extends RetellSupabaseResource = RetellSupabaseResource> = Operation<R, RetellSupabaseClient>;

export function supabaseOperation<R extends RetellSupabaseResource>(
	spec: OperationSpec<R, RetellSupabaseClient>,
): SupabaseOperation<R> {
	return defineOperation(spec);
}

export function supabaseResource<R extends RetellSupabaseResource>(
	value: R,
	name: string,
	defaultOperation: string,
	operations: Array<SupabaseOperation<R>>,
) {
	return defineResource(value, name, defaultOperation, operations);
}
