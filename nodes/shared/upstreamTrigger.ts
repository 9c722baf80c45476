import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

const RETELL_TRIGGER = /(^|\.)retellTrigger$/;

/** The parameters of the first enabled Retell Trigger upstream of this node whose parameters pass `accept`. */
export function upstreamRetellTrigger(
	context: IExecuteFunctions,
	accept: (parameters: INodeParameters) => boolean,
): INodeParameters | undefined {
	return context
		.getParentNodes(context.getNode().name, { includeNodeParameters: true })
		.find((node) => !node.disabled && RETELL_TRIGGER.test(node.type) && node.parameters !== undefined && accept(node.parameters))
		?.parameters;
}
