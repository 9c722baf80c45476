import { sleep } from './n8n';

/** Retries (bounded) until the webhook is registered: anything but 404. */
export async function waitForWebhook(url: string, method = 'POST', timeoutMs = 20_000): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let status = 0;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, {
				method,
				headers: method === 'GET' || method === 'DELETE' ? {} : { 'Content-Type': 'application/json' },
				body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
			});
			await response.arrayBuffer();
			status = response.status;
			if (status !== 404) return status;
		} catch {
			status = 0;
		}
		await sleep(150);
	}
	throw new Error(`webhook ${method} ${url} still not registered after ${timeoutMs} ms (last status ${status})`);
}
