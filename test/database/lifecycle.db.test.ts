import { existsSync } from 'node:fs';

import { isAlive } from '../support/supabase-stack/proc';
import { startSupabaseStack } from '../support/supabase-stack/stack';

describe('startSupabaseStack', () => {
	it('starts an independent stack and stop() leaves no process, port or file behind', async () => {
		const stack = await startSupabaseStack();
		const { postgres, postgrest } = stack.processes;
		try {
			expect(isAlive(postgres)).toBe(true);
			expect(isAlive(postgrest)).toBe(true);
			expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			const response = await fetch(`${stack.url}/rest/v1/retell_call_sessions?select=call_id`, {
				headers: { apikey: stack.serviceRoleKey, Authorization: `Bearer ${stack.serviceRoleKey}` },
			});
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual([]);
		} finally {
			await stack.stop();
		}

		expect(isAlive(postgres)).toBe(false);
		expect(isAlive(postgrest)).toBe(false);
		expect(existsSync(stack.baseDir)).toBe(false);
		await expect(fetch(`${stack.url}/rest/v1/`)).rejects.toThrow();
		await expect(stack.stop()).resolves.toBeUndefined();
	});
});
