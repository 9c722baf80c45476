import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldReader, getCollection } from '../../shared/parameters';
import { isGoneFrom, type RetellClient } from '../../shared/retell/transport';
import { lostAnswerFields, retellCheckedWrite } from '../../shared/retell/transport/checkedWrite';

export interface DeleteTarget {
	/** "Agent", "LLM", …: for "<label> not found". */
	label: string;
	/** The output field that names the deleted object, e.g. `agent_id`. */
	idField: string;
	id: string;
	remove: (retell: RetellClient) => Promise<unknown>;
	/** Reads the object: after a lost answer, "not found" proves the delete had worked. */
	read: (retell: RetellClient) => Promise<unknown>;
}

/** Every Delete operation: `{deleted: true, <id field>: id}`, plus `answer_lost: true` when a lost answer was checked. */
export async function deleteById(
	context: IExecuteFunctions,
	client: RetellClient,
	itemIndex: number,
	target: DeleteTarget,
): Promise<IDataObject> {
	const outcome = await retellCheckedWrite(
		context,
		client,
		target.remove,
		async (retell) => await isGoneFrom(async () => await target.read(retell)),
		{ itemIndex, resourceLabel: target.label },
	);
	return { deleted: true, [target.idField]: target.id, ...lostAnswerFields(outcome) };
}

/** The Options of a Delete that Retell refuses while the object is in use, unless `force_delete` is sent. */
export function forceDeleteOptions(description: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ displayName: 'Force Delete', name: 'forceDelete', type: 'boolean', default: false, description }],
	};
}

/** `{force_delete: true}` when Force Delete is on, else nothing: the query of such a Delete. */
export function readForceDelete(context: IExecuteFunctions, itemIndex: number): { force_delete?: true } {
	const options = fieldReader(context.getNode(), itemIndex, getCollection(context, 'options', itemIndex));
	return options.boolean('forceDelete', 'Force Delete') === true ? { force_delete: true } : {};
}
