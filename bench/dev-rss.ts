// Temporary dev script (not committed).
import { readFileSync } from 'node:fs';
import { startN8n } from '../scripts/n8n/n8n';
import { sleep } from './lib/load';
import { BenchN8n } from './lib/n8n';
const rss = (pid: number): number => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) >> 10;
async function main(): Promise<void> {
	const n = await BenchN8n.create({ name: 'rss', withPackage: false, workflows: [], probes: () => [], log: console.log });
	for (let r = 0; r < 4; r++) {
		const m = await startN8n({ ...n.config }, 'start', { port: n.port, logFile: `${n.userFolder}/l${r}.log` });
		const s: number[] = [];
		for (let i = 0; i < 40; i++) { s.push(rss(m.process.pid ?? 0)); await sleep(1000); }
		console.log(r, s.join(' '));
		await m.process.stop();
	}
	await n.dispose();
}
void main();
