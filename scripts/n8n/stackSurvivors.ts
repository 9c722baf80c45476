import type { Stack } from './stackTypes';

/** Every process a stack started (n8n processes, Redis, PostgreSQL, PostgREST), to check that none outlives it. */
function stackProcessIds(stack: Stack): Array<{ name: string; pid: number }> {
	const pids: Array<{ name: string; pid: number }> = [];
	for (const proc of stack.processes) if (proc.process.pid) pids.push({ name: proc.process.name, pid: proc.process.pid });
	if (stack.redis?.process.pid) pids.push({ name: 'redis', pid: stack.redis.process.pid });
	if (stack.supabaseStack) {
		pids.push({ name: 'postgres', pid: stack.supabaseStack.processes.postgres });
		pids.push({ name: 'postgrest', pid: stack.supabaseStack.processes.postgrest });
	}
	return pids;
}

/** Stops the stack and answers which of its processes outlived the stop (none, when all is well). */
export async function stopAndListSurvivors(stack: Stack): Promise<Array<{ name: string; pid: number }>> {
	const pids = stackProcessIds(stack);
	await stack.stop();
	return pids.filter(({ pid }) => processAlive(pid));
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
