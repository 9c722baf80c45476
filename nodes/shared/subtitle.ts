import type { INodeProperties } from 'n8n-workflow';

/**
 * The canvas subtitle: the chosen operation's action ("Create a phone call") instead of n8n's usual
 * `operation: resource` in raw values ("createPhoneCall: call"). The table is written into the
 * expression, because the editor evaluates a subtitle with nothing but the node's parameters.
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		for (const resource of property.displayOptions?.show?.resource ?? []) {
			for (const option of property.options ?? []) {
				if ('value' in option && typeof option.value === 'string') {
					actions[`${String(resource)}:${option.value}`] = option.action ?? option.name;
				}
			}
		}
	}
	// n8n's own Custom API Call (resource "__CUSTOM_API_CALL__") has no action of ours.
	return `={{${JSON.stringify(actions)}[$parameter["resource"] + ":" + $parameter["operation"]] || ($parameter["resource"] === "__CUSTOM_API_CALL__" ? "Custom API Call" : $parameter["operation"])}}`;
}
