import type { INodeParameters } from 'n8n-workflow';

import { startWebhookServer, type TestNode, type WebhookServer } from '../support/harness';
import { FUNCTION_RESULT_LIMIT } from '../support/retell-emulator/functionCalls';
import { callFunction, post, SAMPLE_CALL, startTrigger, useRetell } from './helpers';

const account = useRetell();
let server: WebhookServer;

afterEach(async () => {
	await server.close();
});

const answer = (json: string) => ({ type: 'test.setJson', parameters: { json } });

/** Retell → Webhook Response → Build Function Result, the node the notice tells users to end with. */
const functionResult = (parameters: INodeParameters = {}): TestNode => ({
	type: 'retell',
	parameters: { resource: 'webhookResponse', operation: 'buildFunctionResult', ...parameters },
});

const TRUNCATION_MARKER = /… \[truncated: \d+ characters, only the first part is shown\]$/;

function call(options: Parameters<typeof callFunction>[2] = {}) {
	return callFunction(account, server, options);
}

describe('Retell Trigger: custom functions', () => {
	it("answers with the last node's first item and hands the workflow a flat item", async () => {
		server = await startTrigger(account, { mode: 'customFunction' }, [
			answer('={{ JSON.stringify({ status: "Order " + $json.args.order_id + " ships Monday" }) }}'),
		]);
		expect(server.webhookUrl()).toMatch(/\/function$/);

		const result = await call();

		expect(result.ok).toBe(true);
		expect(JSON.parse(result.result)).toEqual({ status: 'Order A-17 ships Monday' });
		expect(server.executions[0].json('Retell Trigger')).toEqual([
			{
				function_name: 'check_order',
				args: { order_id: 'A-17' },
				call_id: SAMPLE_CALL.call_id,
				agent_id: SAMPLE_CALL.agent_id,
				call: SAMPLE_CALL,
				args_at_root: false,
				http_method: 'POST',
				query: {},
			},
		]);
	});

	it('answers the same from a version-1 trigger (workflows saved before version 1.1)', async () => {
		server = await startWebhookServer({
			trigger: { type: 'retellTrigger', typeVersion: 1, parameters: { mode: 'customFunction' } },
			nodes: [answer('={{ JSON.stringify({ order: $json.args.order_id }) }}')],
			credentials: account.credentials,
		});
		const result = await call();
		expect(result.ok).toBe(true);
		expect(JSON.parse(result.result)).toEqual({ order: 'A-17' });
		expect(server.executions).toHaveLength(1);
	});

	it('takes the whole body as the args when the tool sends args only', async () => {
		server = await startTrigger(account, { mode: 'customFunction' }, [answer('{"ok": true}')]);
		const result = await call({ argsAtRoot: true, args: { order_id: 'A-17', name: 'not the tool name' } });
		expect(result.ok).toBe(true);
		expect(server.executions[0].json('Retell Trigger')[0]).toMatchObject({
			function_name: null,
			args: { order_id: 'A-17', name: 'not the tool name' },
			call_id: null,
			args_at_root: true,
		});
	});

	it("serves GET tools, signed over an empty body: no arguments, only the tool's query parameters", async () => {
		server = await startTrigger(account, { mode: 'customFunction', httpMethod: 'GET' }, [answer('{"ok": true}')]);
		const result = await call({ method: 'GET', queryParams: { customer: 'c-9' } });
		expect(result.ok).toBe(true);
		expect(result.attempts[0].body).toBe('');
		expect(server.executions[0].json('Retell Trigger')[0]).toMatchObject({
			function_name: null,
			args: {},
			query: { customer: 'c-9' },
			http_method: 'GET',
		});
	});

	it('answers 400 and starts no execution for a signed POST that is not JSON', async () => {
		server = await startTrigger(account, { mode: 'customFunction' }, [answer('{"ok": true}')]);
		const body = JSON.stringify({ name: 'check_order', call: SAMPLE_CALL, args: { order_id: 'A-17' } });
		const reply = await post(server.webhookUrl(), body, { apiKey: account.emulator.apiKey, headers: { 'content-type': 'text/plain' } });
		expect(reply).toEqual({
			status: 400,
			text: JSON.stringify({
				message: 'Retell sends custom-function POST requests as a JSON body with Content-Type: application/json; this one had Content-Type: text/plain',
			}),
		});
		await server.idle();
		expect(server.executions).toHaveLength(0);
	});

	it("is called again per the tool's max_retry when the workflow fails; the agent hears the last attempt", async () => {
		server = await startTrigger(account, { mode: 'customFunction' }, [{ type: 'test.fail' }]);
		const result = await call({ maxRetry: 2, retryDelayMs: 5 });
		expect(result.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500]);
		expect(result.ok).toBe(false);
		await server.idle();
		expect(server.executions).toHaveLength(3);
	});

	it('is registered for its method only: a POST to a GET tool is not found', async () => {
		server = await startTrigger(account, { mode: 'customFunction', httpMethod: 'GET' }, [answer('{}')]);
		const result = await call({ method: 'POST' });
		expect(result.status).toBe(404);
		expect(server.executions).toHaveLength(0);
	});

	it('answers with one text field as plain text when Response Field is set', async () => {
		server = await startTrigger(account, { mode: 'customFunction', functionOptions: { responseField: 'reply.text' } }, [
			answer('{"reply": {"text": "Your order ships Monday."}, "debug": "not for the agent"}'),
		]);
		const result = await call();
		expect(result).toMatchObject({ ok: true, result: 'Your order ships Monday.' });
	});

	it('answers 500 when the workflow fails, which Retell reports to the agent as a failed function', async () => {
		server = await startTrigger(account, { mode: 'customFunction' }, [{ type: 'test.fail' }]);
		const result = await call();
		expect(result.status).toBe(500);
		expect(JSON.parse(result.result)).toEqual({ message: 'Error in workflow' });
	});

	it('lets "On Error: Continue" turn a failure into a text the agent can speak', async () => {
		// n8n passes a failed node's input on (continueRegularOutput), so a later node can still answer.
		server = await startTrigger(account, { mode: 'customFunction' }, [
			{ type: 'test.fail', parameters: { message: 'The order system is down' }, continueOnFail: true },
			answer('={{ JSON.stringify({ result: "Sorry, I cannot check order " + $json.args.order_id + " right now." }) }}'),
		]);
		const result = await call();
		expect(result.ok).toBe(true);
		expect(JSON.parse(result.result)).toEqual({ result: 'Sorry, I cannot check order A-17 right now.' });
	});

	it('is cut by Retell at 15,000 characters when the answer is longer (the trigger cannot shorten it)', async () => {
		server = await startTrigger(account, { mode: 'customFunction', functionOptions: { responseField: 'text' } }, [
			answer(`{"text": "${'x'.repeat(FUNCTION_RESULT_LIMIT + 10)}"}`),
		]);
		const result = await call();
		expect(result.attempts[0].text).toHaveLength(FUNCTION_RESULT_LIMIT + 10);
		expect(result.result).toHaveLength(FUNCTION_RESULT_LIMIT);
	});

	it('refuses an unsigned or stale function call with 401 and runs nothing', async () => {
		server = await startTrigger(account, { mode: 'customFunction' }, [answer('{}')]);
		expect((await call({ signature: null })).status).toBe(401);
		expect((await call({ nowMs: () => Date.now() - 600_000 })).status).toBe(401);
		expect((await call({ method: 'GET', signature: null })).status).toBe(404);
		await server.idle();
		expect(server.executions).toHaveLength(0);
	});
});

describe('Retell Trigger → Retell (Build Function Result): what Retell receives', () => {
	it('gets {"result": …} from the default path, with no request to Retell', async () => {
		server = await startTrigger(account, { mode: 'customFunction' }, [
			functionResult({ result: '=Order {{ $json.args.order_id }} ships Monday.' }),
		]);
		const requestsBefore = account.emulator.requests.length;

		const result = await call();

		expect(result.ok).toBe(true);
		expect(JSON.parse(result.result)).toEqual({ result: 'Order A-17 ships Monday.' });
		expect(account.emulator.requests).toHaveLength(requestsBefore);
	});

	it('gets a looked-up object whole, as JSON under result', async () => {
		server = await startTrigger(account, { mode: 'customFunction' }, [
			answer('{"order_id": "A-17", "status": "shipped", "items": [{"sku": "B-2", "qty": 2}]}'),
			functionResult(),
		]);
		const result = await call();
		expect(JSON.parse(result.result)).toEqual({
			result: { order_id: 'A-17', status: 'shipped', items: [{ sku: 'B-2', qty: 2 }] },
		});
	});

	it('gets the text alone when the trigger\'s Response Field is result', async () => {
		server = await startTrigger(account, { mode: 'customFunction', functionOptions: { responseField: 'result' } }, [
			functionResult({ result: '=Order {{ $json.args.order_id }} ships Monday.' }),
		]);
		const result = await call();
		expect(result).toMatchObject({ ok: true, result: 'Order A-17 ships Monday.' });
	});

	it('gets a long answer already cut, marker included, so Retell cuts nothing more', async () => {
		const text = `${'Row "A-17"\tshipped\n'.repeat(2_000)}LAST ROW`;
		server = await startTrigger(account, { mode: 'customFunction' }, [
			answer(JSON.stringify({ text })),
			functionResult({ result: '={{ $json.text }}' }),
		]);

		const result = await call();

		const sent = result.attempts[0].text;
		expect(sent.length).toBeLessThanOrEqual(FUNCTION_RESULT_LIMIT);
		expect(result.result).toBe(sent);
		const { result: fitted } = JSON.parse(sent) as { result: string };
		expect(fitted.startsWith('Row "A-17"\tshipped\n')).toBe(true);
		expect(fitted).toMatch(TRUNCATION_MARKER);
		expect(fitted).not.toContain('LAST ROW');
	});

	it('gets a long text cut with its marker as plain text with Response Field = result', async () => {
		server = await startTrigger(account, { mode: 'customFunction', functionOptions: { responseField: 'result' } }, [
			answer(JSON.stringify({ text: 'x'.repeat(FUNCTION_RESULT_LIMIT + 10) })),
			functionResult({ result: '={{ $json.text }}' }),
		]);
		const result = await call();
		expect(result.attempts[0].text.length).toBeLessThanOrEqual(FUNCTION_RESULT_LIMIT);
		expect(result.result).toBe(result.attempts[0].text);
		expect(result.result).toMatch(/^x+ … \[truncated: /);
		expect(result.result).toMatch(TRUNCATION_MARKER);
	});
});

describe('Retell Trigger (Respond: Using Webhook Response Node) → Build Function Result → more nodes', () => {
	const respondEarly = { mode: 'customFunction', respond: 'responseNode' };

	it('answers as soon as Build Function Result runs: a node after it that fails changes nothing for the caller', async () => {
		server = await startTrigger(account, respondEarly, [
			functionResult({ result: '=Order {{ $json.args.order_id }} ships Monday.' }),
			{ type: 'test.fail', parameters: { message: 'The CRM log is down' } },
		]);

		const result = await call();

		expect(result.ok).toBe(true);
		expect(JSON.parse(result.result)).toEqual({ result: 'Order A-17 ships Monday.' });
		await server.idle();
		const [execution] = server.executions;
		expect(execution.executed).toEqual(['Retell Trigger', 'Retell', 'Fail']);
		expect(execution.error?.message).toBe('The CRM log is down');
		expect(execution.responses).toEqual([{ body: { result: 'Order A-17 ships Monday.' }, headers: {}, statusCode: 200 }]);
	});

	it('answers once, with the first item, when the node runs for several items', async () => {
		server = await startTrigger(account, respondEarly, [
			answer('{"slots": [{"slot": "09:30"}, {"slot": "11:00"}]}'),
			{ type: 'test.splitOut', parameters: { field: 'slots' } },
			functionResult({ result: '=Free at {{ $json.slot }}' }),
		]);
		const result = await call();
		expect(JSON.parse(result.result)).toEqual({ result: 'Free at 09:30' });
		await server.idle();
		expect(server.executions[0].json()).toEqual([{ result: 'Free at 09:30' }, { result: 'Free at 11:00' }]);
		expect(server.executions[0].responses).toHaveLength(1);
	});

	it('sends the text alone when the trigger\'s Response Field is result', async () => {
		server = await startTrigger(account, { ...respondEarly, functionOptions: { responseField: 'result' } }, [
			functionResult({ result: '=Order {{ $json.args.order_id }} ships Monday.' }),
			answer('{"logged": true}'),
		]);
		const result = await call();
		expect(result).toMatchObject({ ok: true, result: 'Order A-17 ships Monday.' });
	});

	it('refuses a Response Field given as an expression, which it cannot evaluate for the trigger', async () => {
		server = await startTrigger(account, { ...respondEarly, functionOptions: { responseField: '={{ "result" }}' } }, [functionResult()]);
		const result = await call();
		expect(result.status).toBe(500);
		await server.idle();
		expect(server.executions[0].error?.message).toBe("The Retell Trigger's Response Field must be plain text, not an expression");
	});

	it('answers 500 when the workflow fails before the answer was sent', async () => {
		server = await startTrigger(account, respondEarly, [{ type: 'test.fail' }, functionResult()]);
		const result = await call();
		expect(result.status).toBe(500);
		expect(JSON.parse(result.result)).toEqual({ message: 'Error in workflow' });
	});

	it('leaves the answer to the last node when Respond is When Last Node Finishes (nothing sent mid-run)', async () => {
		server = await startTrigger(account, { mode: 'customFunction' }, [
			functionResult({ result: 'first' }),
			answer('{"result": "last"}'),
		]);
		const result = await call();
		expect(JSON.parse(result.result)).toEqual({ result: 'last' });
		await server.idle();
		expect(server.executions[0].responses).toEqual([]);
	});
});
