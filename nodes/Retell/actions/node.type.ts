import {
	defineOperation,
	defineResource,
	type Operation,
	type OperationSpec,
	type Resource,
} from '../../shared/operation';
import type { RetellClient } from '../../shared/retell/transport';
import { withConcurrencyOption } from './concurrencyOption';

/** The Retell node's resources; an operation file naming another one does not compile. */
export type RetellResource =
	| 'account'
	| 'agent'
	| 'app'
	| 'asset'
	| 'batchCall'
	| 'call'
	| 'chat'
	| 'chatAgent'
	| 'concurrency'
	| 'contact'
	| 'conversationFlow'
	| 'conversationFlowComponent'
	| 'crm'
	| 'exportRequest'
	| 'knowledgeBase'
	| 'llm'
	| 'phoneNumber'
	| 'test'
	| 'voice'
	| 'webhookResponse';

type RetellSpec<R extends RetellResource> = OperationSpec<R, RetellClient> & {
	/** Retell's page for the operation: the panel's hint and the Additional Fields (JSON) link point to it. */
	docsUrl: string;
};

export type RetellOperation<R extends RetellResource = RetellResource> = Operation<R, RetellClient> & { docsUrl: string };

/** An operation of the Retell node; one that calls Retell item by item also gets the Concurrency option. */
export function retellOperation<R extends RetellResource>(spec: RetellSpec<R>): RetellOperation<R> {
	const perItemCall = 'execute' in spec && !('needsClient' in spec);
	const properties = perItemCall ? withConcurrencyOption(spec.properties) : spec.properties;
	return { ...defineOperation<R, RetellClient>({ ...spec, properties }), docsUrl: spec.docsUrl };
}

export function retellResource<R extends RetellResource>(
	value: R,
	name: string,
	defaultOperation: string,
	operations: Array<RetellOperation<R>>,
): Resource<R, RetellClient> & { operations: Record<string, RetellOperation<R>> } {
	const resource = defineResource(value, name, defaultOperation, operations);
	return { ...resource, operations: Object.fromEntries(operations.map((operation) => [operation.operation, operation])) };
}
