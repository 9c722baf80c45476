import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import type { ScenarioResult } from './scenario';

export interface RunInfo {
	n8nVersion: string;
	machine: string;
	seed: number;
	calls: number;
	rate: number;
	startedAt: string;
	wallMs: number;
	/** The command that repeats the run: `npm run reliability` with the settings this run was given. */
	command: string;
}

const rowsText = (check: ScenarioResult['beforeReconcile']): string => `${check.missing} / ${check.wrong}`;

function messages(result: ScenarioResult): string {
	const entries = Object.entries(result.errorMessages).sort((a, b) => b[1] - a[1]);
	if (entries.length === 0) return '';
	return entries.map(([message, count]) => `${count}× “${message}”`).join('; ');
}

export function faultTable(results: ScenarioResult[]): string {
	const lines = [
		'| fault | calls | deliveries (attempts) | gave up | executions ok / error | ran beside a retry | rows missing / wrong before Reconcile | after one Reconcile | custom functions right / failed / wrong |',
		'|---|---|---|---|---|---|---|---|---|',
		...results.map(
			(result) =>
				`| ${result.label} | ${result.calls} | ${result.deliveries} (${result.attempts}) | ${result.gaveUp} | ${result.executions.success} / ${result.executions.error} | ${result.late} | ${rowsText(result.beforeReconcile)} | **${rowsText(result.afterReconcile)}** | ${result.functionCalls.right} / ${result.functionCalls.failed} / **${result.functionCalls.wrong}** |`,
		),
	];
	const totals = results.reduce(
		(sum, result) => ({
			calls: sum.calls + result.calls,
			lost: sum.lost + result.afterReconcile.missing,
			wrong: sum.wrong + result.afterReconcile.wrong,
			faults: sum.faults + result.faultsPlayed,
		}),
		{ calls: 0, lost: 0, wrong: 0, faults: 0 },
	);
	const errors = results
		.filter((result) => result.executions.error > 0)
		.map(
			(result) =>
				`- ${result.label}: ${messages(result)} — ${result.errorsSayingRetellRetries} of ${result.executions.error} say that Retell sends the event again.`,
		);
	return [
		...lines,
		'',
		`**${totals.calls} calls, ${totals.faults} faults injected: ${totals.lost} lost, ${totals.wrong} wrong** after Retell's retries and one Reconcile.`,
		...(errors.length > 0 ? ['', 'What the failed executions said:', ...errors] : []),
	].join('\n');
}

const BEGIN = '<!-- reliability:faults:begin -->';
const END = '<!-- reliability:faults:end -->';

/** Replaces the generated block of docs/reliability.md (between its markers) with this run's figures. */
export function updateDoc(file: string, results: ScenarioResult[], info: RunInfo): boolean {
	if (!existsSync(file)) return false;
	const text = readFileSync(file, 'utf8');
	const begin = text.indexOf(BEGIN);
	const end = text.indexOf(END);
	if (begin < 0 || end < begin) return false;
	const block = [
		BEGIN,
		`Measured ${info.startedAt} on ${info.machine}, n8n ${info.n8nVersion}, ${info.calls} calls per fault, ${info.rate} deliveries/s, seed ${info.seed}, ${(info.wallMs / 60_000).toFixed(1)} minutes in all (\`${info.command}\`).`,
		'',
		faultTable(results),
		END,
	].join('\n');
	writeFileSync(file, text.slice(0, begin) + block + text.slice(end + END.length));
	return true;
}
