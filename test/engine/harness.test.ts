import { runWorkflow } from '../support/harness';

describe('engine harness', () => {
	it('runs a chain of nodes through WorkflowExecute, resolving expressions per item', async () => {
		const run = await runWorkflow({
			input: [{ name: 'Ada' }, { name: 'Grace' }],
			nodes: [{ type: 'test.setJson', parameters: { json: '={{ { "greeting": "Hello " + $json.name } }}' } }],
		});

		expect(run.status).toBe('success');
		expect(run.executed).toEqual(['Start', 'Set JSON']);
		expect(run.json()).toEqual([{ greeting: 'Hello Ada' }, { greeting: 'Hello Grace' }]);
		expect(run.items().map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('reports a failing node as the execution error', async () => {
		const run = await runWorkflow({ nodes: [{ type: 'test.fail', parameters: { message: 'boom' } }] });

		expect(run.status).toBe('error');
		expect(run.error?.message).toBe('boom');
		expect(run.executed).toEqual(['Start', 'Fail']);
	});
});
