import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runNode } from '../support/harness';
import { byId, runError, useEmulator } from './helpers';

const env = useEmulator();

/** What answers at a wrong Base URL: any web server or proxy, with its own 404 page. */
let notRetell: Server;
let notRetellUrl: string;

beforeAll(async () => {
	notRetell = createServer((_req, res) => {
		res.writeHead(404, { 'content-type': 'text/html' });
		res.end('<html><body><h1>Cannot find this page</h1></body></html>');
	});
	await new Promise<void>((resolve) => notRetell.listen(0, '127.0.0.1', resolve));
	notRetellUrl = `http://127.0.0.1:${(notRetell.address() as AddressInfo).port}/retell`;
});

afterAll(async () => {
	await new Promise((resolve) => notRetell.close(resolve));
});

describe('A 404 that is not from Retell', () => {
	it('says the endpoint was not found and names the URL called, not "Agent not found", and never the key', async () => {
		const apiKey = 'key_secret_do_not_show_0123456789';
		const run = await runNode(
			'retell',
			{ resource: 'agent', operation: 'get', agentId: byId('agent_0123456789abcdef') },
			{ credentials: { retellApi: { apiKey, baseUrl: notRetellUrl } } },
		);
		const error = runError(run);
		expect(error).toMatchObject({ message: 'The Retell endpoint was not found', httpCode: '404', itemIndex: 0 });
		expect(error.description).toContain(`GET ${notRetellUrl}/get-agent/agent_0123456789abcdef answered 404 without Retell's error body`);
		expect(error.description).toContain('Base URL of the Retell API credential');
		expect(JSON.stringify(run.error)).not.toContain(apiKey);
	});

	it("still says \"Agent not found\" when Retell itself answers that the agent does not exist", async () => {
		const run = await env.run({ resource: 'agent', operation: 'get', agentId: byId('agent_0123456789abcdef') });
		expect(runError(run)).toMatchObject({ message: 'Agent not found', httpCode: '422' });
	});
});
