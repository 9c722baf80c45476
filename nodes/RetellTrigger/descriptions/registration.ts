import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * Register On for one trigger mode: nothing (the user pastes the URL) or `target`, and then the
 * locator of the target to register on. registration.ts reads both on activation.
 */
export function registrationProperties(
	mode: string,
	target: INodePropertyOptions & { value: string },
	locator: INodeProperties,
): INodeProperties[] {
	const show = { mode: [mode] };
	return [
		{
			displayName: 'Register On',
			name: 'registration',
			type: 'options',
			default: 'none',
			options: [
				{ name: 'None (Paste the URL in Retell Yourself)', value: 'none', description: 'This node changes nothing in Retell' },
				target,
			],
			description: 'Whether this node points Retell at its Production URL when the workflow is activated',
			displayOptions: { show },
		},
		{ ...locator, displayOptions: { show: { ...show, registration: [target.value] } } },
	];
}
