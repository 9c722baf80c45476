import type { INodeProperties } from 'n8n-workflow';

export const llmVersionOption: INodeProperties = {
	displayName: 'Version',
	name: 'version',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
};
