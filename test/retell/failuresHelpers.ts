import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { isDataObject } from '../../nodes/shared/dataObject';
import { runWorkflow, type TestNode, type WorkflowRun } from '../support/harness';
import type { RecordedRequest, RetellEmulator } from '../support/retell-emulator';
import { fromList } from './helpers';

/**
 * Shared by the failures*.test.ts files. Retell failing (issue 16, item 3), through n8n's engine against the emulator:
 * rate-limit storms, 5xx bursts, creates whose answer is lost, and calls arriving while Call → Get Many pages. Counts
 * come from the emulator's state and request log; the only time checked is "waited at least what retry-after asked",
 * from the log's timestamps.
 */

export const CREATE_PHONE_CALL = '/v2/create-phone-call';

function credentials(emulator: RetellEmulator) {
	return { retellApi: { apiKey: emulator.apiKey, baseUrl: emulator.url } };
}

export async function runChain(emulator: RetellEmulator, nodes: TestNode[], input: IDataObject[], continueOnFail = false): Promise<WorkflowRun> {
	return await runWorkflow({ nodes: nodes.map((node) => ({ ...node, continueOnFail })), input, credentials: credentials(emulator) });
}

/** A number no other failures test dials: `+1415777<block><index>`. */
export function numbersFor(block: number, count: number): string[] {
	return Array.from({ length: count }, (_, index) => `+1415777${block}${String(index).padStart(3, '0')}`);
}

/** How many calls Retell placed to each number: the dial count, read from the emulator's state. */
export function dialsTo(emulator: RetellEmulator, numbers: string[]): number[] {
	const placed = [...emulator.state.calls.values()].map((call) => (call.call_type === 'phone_call' ? call.to_number : ''));
	return numbers.map((number) => placed.filter((to) => to === number).length);
}

export function isCreateTo(request: RecordedRequest, number: string): boolean {
	return request.path === CREATE_PHONE_CALL && isDataObject(request.body) && request.body.to_number === number;
}

export function placeCalls(fromNumber: string, parameters: INodeParameters = {}): TestNode {
	return {
		name: 'Place Calls',
		type: 'retell',
		parameters: { resource: 'call', operation: 'createPhoneCall', fromNumber: fromList(fromNumber), toNumber: '={{ $json.to }}', ...parameters },
	};
}

/** What the user is told when a create's answer is lost: the call may exist, it was not repeated, and how to look. */
const MAY_HAVE_BEEN_PLACED = [/may still have been carried out/, /phone may ring/, /not sent again/, /Get Many/];

export function expectMayHaveBeenPlaced(description: string | null | undefined): void {
	for (const pattern of MAY_HAVE_BEEN_PLACED) expect(description).toMatch(pattern);
}
