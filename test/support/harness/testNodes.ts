import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

/**
 * Node types that exist only in tests, standing in for n8n-nodes-base nodes a real workflow would use.
 * They are deliberately trivial so that a failing test points at this package, not at them.
 */

function describe(name: string, displayName: string, extra: Partial<INodeTypeDescription>): INodeTypeDescription {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description: displayName,
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}

/** The workflow's start: emits the items the test passes as `input` (see runWorkflow). */
class ManualTrigger implements INodeType {
	description = describe('manualTrigger', 'When clicking Execute', {
		group: ['trigger'],
		inputs: [],
	});

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return {
			manualTriggerFunction: async () => {
				this.emit([[{ json: {} }]]);
			},
		};
	}
}

/** Like n8n's Set node in "JSON" mode: outputs the `json` parameter (expressions resolved per item). */
class SetJson implements INodeType {
	description = describe('setJson', 'Set JSON', {
		properties: [{ displayName: 'JSON', name: 'json', type: 'json', default: '{}' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((_item, itemIndex) => {
				const value = this.getNodeParameter('json', itemIndex) as string | IDataObject;
				const json = typeof value === 'string' ? (JSON.parse(value) as IDataObject) : value;
				return { json, pairedItem: { item: itemIndex } };
			}),
		];
	}
}

/** Like n8n's Split Out node: one item per element of the `field` array of each input item. */
class SplitOut implements INodeType {
	description = describe('splitOut', 'Split Out', {
		properties: [{ displayName: 'Field', name: 'field', type: 'string', default: '' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().flatMap((item, itemIndex) => {
				const elements = item.json[this.getNodeParameter('field', itemIndex) as string];
				return (Array.isArray(elements) ? elements : []).map((json) => ({ json: json as IDataObject, pairedItem: { item: itemIndex } }));
			}),
		];
	}
}

/** Fails on purpose: for tests of what a workflow answers when a node throws. */
class Fail implements INodeType {
	description = describe('fail', 'Fail', {
		properties: [{ displayName: 'Message', name: 'message', type: 'string', default: 'Failed on purpose' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(this.getNode(), this.getNodeParameter('message', 0) as string);
	}
}

/** Passes its items on after `ms` milliseconds: a slow lookup, for tests of answers that come too late. */
class Sleep implements INodeType {
	description = describe('sleep', 'Sleep', {
		properties: [{ displayName: 'Milliseconds', name: 'ms', type: 'number', default: 1000 }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		await new Promise((resolve) => setTimeout(resolve, this.getNodeParameter('ms', 0) as number));
		return [this.getInputData()];
	}
}

export const testNodeTypes: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
	'test.setJson': new SetJson(),
	'test.splitOut': new SplitOut(),
	'test.fail': new Fail(),
	'test.sleep': new Sleep(),
};
