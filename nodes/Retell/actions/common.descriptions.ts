import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { FieldReader } from '../../shared/parameters';
import { docsLink } from '../../shared/retell/docs';

/**
 * The escape hatch for Retell fields the node has no input for, an option of the operation's Options (or
 * Additional Fields). It is merged last, so it also overrides any field set above; `null` values go through
 * (Retell uses them to clear a setting).
 */
export function additionalJsonOption(docsUrl: string): INodeProperties {
	return {
		displayName: 'Additional Fields (JSON)',
		name: 'additionalFieldsJson',
		type: 'json',
		default: '{}',
		description: `Any other fields as a JSON object, named in snake_case as in ${docsLink(docsUrl, "Retell's API reference")}. Merged last, so it overrides the fields above.`,
	};
}

/** A collection's options with Additional Fields (JSON) among them, in alphabetical order as n8n lists them. */
export function withJsonOption(options: INodeProperties[], docsUrl: string): INodeProperties[] {
	return [...options, additionalJsonOption(docsUrl)].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
}

/** The Additional Fields (JSON) option, read from the collection the operation already reads. */
export function readAdditionalJson(fields: FieldReader): IDataObject | undefined {
	return fields.jsonObject('additionalFieldsJson', 'Additional Fields (JSON)');
}

/** A version number of an agent or LLM, as Get Versions lists them; an option of Get, Update and Publish. */
export const versionOption: INodeProperties = {
	displayName: 'Version',
	name: 'version',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
};
