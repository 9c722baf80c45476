import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject } from '../../shared/dataObject';
import type { FieldReader } from '../../shared/parameters';
import type { PlaygroundCompletionParams } from '../../shared/retell/transport/types';

/** Test cases and Agent → Test Reply take the same mocks (retell-sdk 5.66.1 `ToolMock` of tests and playground). */
type ToolMock = NonNullable<PlaygroundCompletionParams['tool_mocks']>[number];

const EXAMPLE = '[{"tool_name": "check_availability_cal", "input_match_rule": {"type": "any"}, "output": "{\\"slots\\": []}"}]';

/** The Tool Mocks (JSON) field; `purpose` says what the mocks spare the run, e.g. "so runs do not call live integrations". */
export function toolMocksProperty(purpose: string): INodeProperties {
	return {
		displayName: 'Tool Mocks (JSON)',
		name: 'toolMocks',
		type: 'json',
		default: '[]',
		description: `Fake tool results, ${purpose}: a JSON array such as ${EXAMPLE}. An output given as an object is sent as its JSON text.`,
	};
}

function matchRule(rule: unknown): ToolMock['input_match_rule'] | undefined {
	if (!isDataObject(rule)) return undefined;
	if (rule.type === 'any') return { type: 'any' };
	if (rule.type === 'partial_match' && isDataObject(rule.args)) return { type: 'partial_match', args: rule.args };
	return undefined;
}

/** Each mock needs a tool name, a match rule and an output, which Retell feeds the LLM as text. */
export function readToolMocks(node: INode, fields: FieldReader, itemIndex: number): ToolMock[] | undefined {
	return fields.jsonObjects('toolMocks', 'Tool Mocks (JSON)')?.map((mock, index) => {
		const { tool_name: toolName, output, result } = mock;
		const rule = matchRule(mock.input_match_rule);
		if (typeof toolName !== 'string' || toolName.trim() === '' || !rule || output === undefined || output === null) {
			throw new NodeOperationError(node, `Tool Mocks (JSON): mock ${index + 1} needs tool_name, input_match_rule and output`, {
				itemIndex,
				description: `input_match_rule is {"type": "any"} or {"type": "partial_match", "args": {…}}. For example ${EXAMPLE}.`,
			});
		}
		return {
			tool_name: toolName,
			input_match_rule: rule,
			output: typeof output === 'string' ? output : JSON.stringify(output),
			...(typeof result === 'boolean' ? { result } : {}),
		};
	});
}
