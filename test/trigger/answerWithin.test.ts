import { connect, type Socket } from 'node:net';
import type { INodeParameters } from 'n8n-workflow';

import type { TestNode, WebhookServer } from '../support/harness';
import { signRetellBody } from '../support/retell-emulator';
import { DEFAULT_FUNCTION_FALLBACK } from '../../nodes/RetellTrigger/descriptions/answerWithin';
import { callFunction, ringInbound, SAMPLE_CALL, startTrigger, useRetell } from './helpers';

const account = useRetell();
let server: WebhookServer;

afterEach(async () => {
	await server.close();
});

/** A lookup that takes `ms`; the deadlines below are 0.5 s, so 1.5 s is always too slow and 0 always in time. */
const slowStep = (ms: number | string): TestNode => ({ type: 'test.sleep', parameters: { ms } });
const functionResult = (result: string): TestNode => ({
	type: 'retell',
	parameters: { resource: 'webhookResponse', operation: 'buildFunctionResult', result },
});
const inboundResponse = (parameters: INodeParameters): TestNode => ({
	type: 'retell',
	parameters: { resource: 'webhookResponse', operation: 'buildInboundCallResponse', ...parameters },
});

const withLimit = { answerWithinLimit: true, answerWithinSeconds: 0.5 };

const call = () => callFunction(account, server);

/** The answer reached Retell while the workflow was still running: no run had finished yet. */
function answeredBeforeTheRunEnded(): void {
	expect(server.executions).toHaveLength(0);
}

describe('Retell Trigger → Answer Within: custom functions', () => {
	it.each(['lastNode', 'responseNode'])(
		'(Respond: %s) gives Retell the fallback on time while a slow workflow runs on, and never a second answer',
		async (respond) => {
			server = await startTrigger(account, { mode: 'customFunction', respond, ...withLimit }, [
				slowStep(1500),
				functionResult('=Order {{ $json.args.order_id }} ships Monday.'),
			]);

			const result = await call();

			expect(result.ok).toBe(true);
			expect(JSON.parse(result.result)).toEqual({ result: DEFAULT_FUNCTION_FALLBACK });
			answeredBeforeTheRunEnded();
			await server.idle();
			const [execution] = server.executions;
			expect(execution.status).toBe('success');
			expect(execution.json()).toEqual([{ result: 'Order A-17 ships Monday.' }]);
			const [exchange] = server.exchanges;
			// What went out is the fallback alone; n8n's later answer was dropped without an error.
			expect(JSON.parse(exchange.body)).toEqual({ result: DEFAULT_FUNCTION_FALLBACK });
			expect(exchange.lateWriteError).toBeUndefined();
		},
	);

	it.each(['lastNode', 'responseNode'])('(Respond: %s) lets a fast workflow give its own answer', async (respond) => {
		server = await startTrigger(account, { mode: 'customFunction', respond, ...withLimit }, [
			functionResult('=Order {{ $json.args.order_id }} ships Monday.'),
		]);

		const result = await call();
		expect(JSON.parse(result.result)).toEqual({ result: 'Order A-17 ships Monday.' });
		await server.idle();
		// Past the deadline: the timer was disarmed, nothing else was written.
		await new Promise((resolve) => setTimeout(resolve, 700));
		expect(server.exchanges.map((exchange) => [exchange.body, exchange.lateWriteError])).toEqual([
			[JSON.stringify({ result: 'Order A-17 ships Monday.' }), undefined],
		]);
	});

	it('sends a typed fallback result, through the Response Field like the workflow\'s answer', async () => {
		server = await startTrigger(
			account,
			{ mode: 'customFunction', ...withLimit, fallbackResult: 'Say the order system is busy.', functionOptions: { responseField: 'result' } },
			[slowStep(1500), functionResult('late')],
		);
		const result = await call();
		expect(result.result).toBe('Say the order system is busy.');
	});

	it('keeps the connection Retell sent the request on usable after the late answer is dropped', async () => {
		server = await startTrigger(account, { mode: 'customFunction', ...withLimit }, [slowStep('={{ $json.args.delay }}'), functionResult('done')]);
		const connection = await KeepAliveConnection.open(server.webhookUrl());
		try {
			const first = await connection.post(signedCall({ delay: 1500 }));
			expect(JSON.parse(first)).toEqual({ result: DEFAULT_FUNCTION_FALLBACK });
			await server.idle();
			// n8n's dropped answer happened by now; had it been written, the server would have destroyed the socket.
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(connection.closed).toBe(false);
			expect(JSON.parse(await connection.post(signedCall({ delay: 0 })))).toEqual({ result: 'done' });
		} finally {
			connection.close();
		}
	});
});

describe('Retell Trigger → Answer Within: inbound calls', () => {
	const ring = () => ringInbound(account, server);
	const ownAnswer = inboundResponse({ overrideAgentId: { __rl: true, mode: 'id', value: 'agent_vip000000' } });

	it("fails open to the number's own agent, with the fallback variables, while a slow workflow runs on", async () => {
		server = await startTrigger(
			account,
			{ mode: 'inboundCall', ...withLimit, fallbackVariables: { variable: [{ name: 'customer_name', value: 'there' }] } },
			[slowStep(1500), ownAnswer],
		);

		const result = await ring();

		expect(result.attempts).toHaveLength(1);
		expect(result.callInbound).toEqual({ dynamic_variables: { customer_name: 'there' } });
		answeredBeforeTheRunEnded();
		await server.idle();
		expect(server.executions[0].status).toBe('success');
		expect(server.exchanges[0].lateWriteError).toBeUndefined();
	});

	it('sends a fallback agent when one is set', async () => {
		server = await startTrigger(
			account,
			{ mode: 'inboundCall', respond: 'responseNode', ...withLimit, fallbackAgentId: { __rl: true, mode: 'id', value: 'agent_night00000' } },
			[slowStep(1500), ownAnswer],
		);
		const result = await ring();
		expect(result.callInbound).toEqual({ override_agent_id: 'agent_night00000', dynamic_variables: {} });
	});

	it('lets a fast workflow pick the agent itself', async () => {
		server = await startTrigger(account, { mode: 'inboundCall', ...withLimit }, [ownAnswer]);
		const result = await ring();
		expect(result.callInbound).toEqual({ override_agent_id: 'agent_vip000000' });
		await server.idle();
		await new Promise((resolve) => setTimeout(resolve, 700));
		expect(server.exchanges).toHaveLength(1);
		expect(server.exchanges[0].lateWriteError).toBeUndefined();
	});

	it('waits for the workflow as before when the limit is off', async () => {
		server = await startTrigger(account, { mode: 'inboundCall' }, [slowStep(1000), ownAnswer]);
		const result = await ring();
		expect(result.callInbound).toEqual({ override_agent_id: 'agent_vip000000' });
		expect(server.executions).toHaveLength(1);
	});
});

function signedCall(args: Record<string, unknown>): { body: string; signature: string } {
	const body = JSON.stringify({ name: 'check_order', call: SAMPLE_CALL, args });
	return { body, signature: signRetellBody(body, account.emulator.apiKey, Date.now()) };
}

/**
 * Requests one after another on a single TCP connection, as Retell's HTTP client reuses connections. Plain
 * sockets: the test setup's HTTP interception gives every node:http request a connection of its own.
 */
class KeepAliveConnection {
	closed = false;
	private buffer = Buffer.alloc(0);
	private waiting?: () => void;

	private constructor(
		private readonly socket: Socket,
		private readonly url: URL,
	) {
		socket.on('data', (chunk: Buffer) => {
			this.buffer = Buffer.concat([this.buffer, chunk]);
			this.waiting?.();
		});
		socket.on('close', () => {
			this.closed = true;
			this.waiting?.();
		});
	}

	static async open(url: string): Promise<KeepAliveConnection> {
		const target = new URL(url);
		const socket = connect(Number(target.port), target.hostname);
		await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
		return new KeepAliveConnection(socket, target);
	}

	/** Sends one POST and resolves with the body of its response (Content-Length framed, as n8n answers). */
	async post({ body, signature }: { body: string; signature: string }): Promise<string> {
		this.buffer = Buffer.alloc(0);
		this.socket.write(
			`POST ${this.url.pathname} HTTP/1.1\r\nHost: ${this.url.host}\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n` +
				`Content-Length: ${Buffer.byteLength(body)}\r\nX-Retell-Signature: ${signature}\r\n\r\n${body}`,
		);
		for (;;) {
			const text = this.buffer.toString('utf8');
			const headerEnd = text.indexOf('\r\n\r\n');
			const length = /content-length:\s*(\d+)/i.exec(text.slice(0, Math.max(headerEnd, 0)));
			if (headerEnd >= 0 && length && Buffer.byteLength(text) >= headerEnd + 4 + Number(length[1])) {
				return Buffer.from(text).subarray(headerEnd + 4, headerEnd + 4 + Number(length[1])).toString('utf8');
			}
			if (this.closed) throw new Error('The server closed the connection');
			await new Promise<void>((resolve) => (this.waiting = resolve));
		}
	}

	close(): void {
		this.socket.destroy();
	}
}
