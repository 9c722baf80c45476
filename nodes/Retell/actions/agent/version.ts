import type { INodeProperties } from 'n8n-workflow';

/** An agent version number, as Get Versions lists them. */
export const agentVersionOption: INodeProperties = {
	displayName: 'Version',
	name: 'version',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
};
