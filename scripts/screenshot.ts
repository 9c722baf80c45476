/**
 * Pictures of example workflows on the n8n canvas, for the README (docs/images/*.png), taken from a real n8n with
 * this package installed, in headless Chromium driven by playwright-core.
 *
 *   PLAYWRIGHT_CORE=/tmp/shot/node_modules/playwright-core \
 *     node -r ts-node/register/transpile-only scripts/screenshot.ts [<example file>=<png> …]
 *
 * playwright-core is deliberately not a dependency of this repository; install it anywhere outside it, and use
 * Debian's Chromium (no browser download):
 *   apt-get install -y chromium
 *   mkdir -p /tmp/shot && cd /tmp/shot && npm init -y && npm i playwright-core
 *
 * Without N8N_URL it starts its own stack like `npm run dev` (free ports, a temporary user folder, the current
 * dist/ — run `npm run build` first), takes the pictures and stops everything it started. With N8N_URL (e.g. the
 * http://localhost:5678 of a running `npm run dev`) it uses that n8n and logs in as N8N_DEV_OWNER_EMAIL /
 * N8N_DEV_OWNER_PASSWORD (the same defaults as `npm run dev`).
 *
 * Other settings: CHROMIUM_PATH (/usr/bin/chromium), SCREENSHOT_SIZE (1600x900).
 * Default pictures: 03-log-call-events → docs/images/example-workflow.png,
 *                   04-custom-function-book-appointment → docs/images/custom-function-workflow.png.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Owner } from './n8n/api';
import { EXAMPLES_DIR, REPO_ROOT } from './n8n/paths';
import { killAllStarted } from './n8n/process';
import { startStack, type Stack } from './n8n/stack';

/** The few parts of playwright-core's API used here (it is loaded at run time from PLAYWRIGHT_CORE). */
interface PwResponse {
	status(): number;
	text(): Promise<string>;
}

interface PwLocator {
	click(options?: { timeout?: number }): Promise<void>;
	count(): Promise<number>;
	first(): PwLocator;
	isVisible(): Promise<boolean>;
	waitFor(options: { state: 'attached' | 'visible'; timeout: number }): Promise<void>;
}

interface PwPage {
	goto(url: string, options: { waitUntil: 'load' | 'networkidle'; timeout: number }): Promise<unknown>;
	locator(selector: string): PwLocator;
	evaluate(expression: string): Promise<unknown>;
	waitForFunction(expression: string, arg: undefined, options: { timeout: number }): Promise<unknown>;
	waitForTimeout(ms: number): Promise<void>;
	screenshot(options: { path: string; type: 'png' }): Promise<unknown>;
	url(): string;
	mouse: { move(x: number, y: number): Promise<void> };
}

interface PwContext {
	request: { post(url: string, options: { data: unknown }): Promise<PwResponse> };
	newPage(): Promise<PwPage>;
}

interface PwBrowser {
	newContext(options: {
		viewport: { width: number; height: number };
		deviceScaleFactor: number;
		colorScheme: 'light' | 'dark';
	}): Promise<PwContext>;
	close(): Promise<void>;
}

interface PwChromium {
	launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<PwBrowser>;
}

interface Shot {
	example: string;
	workflowId: string;
	workflowName: string;
	output: string;
}

/** The flags Chromium needs on this kind of machine (closed network, root, no GPU). */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const DEFAULT_SHOTS = [
	'03-log-call-events=docs/images/example-workflow.png',
	'04-custom-function-book-appointment=docs/images/custom-function-workflow.png',
];

function say(line: string): void {
	process.stdout.write(`${line}\n`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function isChromium(value: unknown): value is PwChromium {
	return isRecord(value) && typeof value.launch === 'function';
}

function loadChromium(): PwChromium {
	const location = process.env.PLAYWRIGHT_CORE;
	if (!location) {
		throw new Error(
			'set PLAYWRIGHT_CORE to an installed playwright-core, outside this repository:\n' +
				'  apt-get install -y chromium\n' +
				'  mkdir -p /tmp/shot && cd /tmp/shot && npm init -y && npm i playwright-core\n' +
				'  PLAYWRIGHT_CORE=/tmp/shot/node_modules/playwright-core node -r ts-node/register/transpile-only scripts/screenshot.ts',
		);
	}
	const loaded: unknown = require(path.resolve(location));
	const chromium = isRecord(loaded) ? loaded.chromium : undefined;
	if (!isChromium(chromium)) throw new Error(`${location} is not playwright-core (no chromium.launch)`);
	return chromium;
}

function parseShots(argv: string[]): Shot[] {
	return (argv.length > 0 ? argv : DEFAULT_SHOTS).map((arg) => {
		const [example, output] = arg.split('=');
		if (!example || !output) throw new Error(`expected <example file>=<png>, got ${arg}`);
		const file = path.join(EXAMPLES_DIR, example.endsWith('.json') ? example : `${example}.json`);
		const workflow: unknown = JSON.parse(readFileSync(file, 'utf8'));
		if (!isRecord(workflow) || typeof workflow.id !== 'string' || typeof workflow.name !== 'string') {
			throw new Error(`${file} has no workflow id/name`);
		}
		return { example, workflowId: workflow.id, workflowName: workflow.name, output: path.resolve(REPO_ROOT, output) };
	});
}

function viewport(): { width: number; height: number } {
	const match = /^(\d+)x(\d+)$/.exec(process.env.SCREENSHOT_SIZE ?? '1600x900');
	if (!match) throw new Error('SCREENSHOT_SIZE must look like 1600x900');
	return { width: Number(match[1]), height: Number(match[2]) };
}

/** Every node icon on the canvas is an image that has loaded (community icons come from /icons/<package>/…). */
const ICONS_LOADED = `(() => {
	const nodes = [...document.querySelectorAll('[data-test-id="canvas-node"]')];
	const images = nodes.flatMap((node) => [...node.querySelectorAll('img')]);
	return nodes.length > 0 && images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
})()`;

/** Retell nodes on the canvas, and any node n8n does not know (it then offers "Install this node"). */
const CANVAS_SUMMARY = `(() => {
	const nodes = [...document.querySelectorAll('[data-test-id="canvas-node"]')];
	return JSON.stringify({
		nodes: nodes.length,
		retell: nodes.filter((node) => (node.getAttribute('data-node-type') || '').startsWith('n8n-nodes-retell.')).length,
		retellIcons: nodes.filter((node) => node.querySelector('img[src*="/icons/n8n-nodes-retell/"]')).length,
		unknown: document.body.innerText.includes('Install this node'),
	});
})()`;

const CHECKLIST_CLOSE = '[data-test-id="suggested-actions-close"]';

async function checklistVisible(page: PwPage): Promise<boolean> {
	const close = page.locator(CHECKLIST_CLOSE);
	return (await close.count()) > 0 && (await close.first().isVisible());
}

/**
 * Published workflows open with a "Production Checklist" popover over the canvas, shortly after the page has
 * settled (not always before): waits up to `waitMs` for it and closes it.
 */
async function closeChecklist(page: PwPage, waitMs: number): Promise<void> {
	const deadline = Date.now() + waitMs;
	for (;;) {
		if (await checklistVisible(page)) {
			await page.locator(CHECKLIST_CLOSE).first().click();
			await page.waitForTimeout(300);
			return;
		}
		if (Date.now() >= deadline) return;
		await page.waitForTimeout(200);
	}
}

async function shoot(page: PwPage, baseUrl: string, shot: Shot): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${shot.workflowId}`, { waitUntil: 'networkidle', timeout: 60_000 });
	if (/\/signin/.test(page.url())) throw new Error('n8n shows its sign-in page: the login did not take');
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ state: 'visible', timeout: 30_000 });

	await closeChecklist(page, 3_000);
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	await page.waitForFunction(ICONS_LOADED, undefined, { timeout: 30_000 });
	// No hover toolbar on any node; let the zoom animation finish.
	await page.mouse.move(5, 5);
	await page.waitForTimeout(1_000);
	await closeChecklist(page, 0);
	if (await checklistVisible(page)) throw new Error(`${shot.example}: the Production Checklist popover will not close`);

	const summary: unknown = JSON.parse(String(await page.evaluate(CANVAS_SUMMARY)));
	if (!isRecord(summary) || summary.unknown === true || summary.retell === 0 || summary.retell !== summary.retellIcons) {
		throw new Error(`${shot.example}: the canvas does not show the Retell nodes with their icons: ${JSON.stringify(summary)}`);
	}
	mkdirSync(path.dirname(shot.output), { recursive: true });
	await page.screenshot({ path: shot.output, type: 'png' });
	const size = Math.round(statSync(shot.output).size / 1024);
	say(`${path.relative(REPO_ROOT, shot.output)}: "${shot.workflowName}" (${JSON.stringify(summary)}, ${size} KB)`);
}

async function takeShots(chromium: PwChromium, baseUrl: string, owner: Owner, shots: Shot[]): Promise<void> {
	// launch() gives Chromium a new empty --user-data-dir of its own and deletes it on close.
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: CHROMIUM_ARGS,
	});
	try {
		const context = await browser.newContext({ viewport: viewport(), deviceScaleFactor: 1, colorScheme: 'light' });
		// The REST login sets n8n's session cookie in the browser context.
		const login = await context.request.post(`${baseUrl}/rest/login`, {
			data: { emailOrLdapLoginId: owner.email, password: owner.password },
		});
		if (login.status() !== 200) throw new Error(`login as ${owner.email}: HTTP ${login.status()} ${(await login.text()).slice(0, 300)}`);
		const page = await context.newPage();
		for (const shot of shots) await shoot(page, baseUrl, shot);
	} finally {
		await browser.close();
	}
}

async function main(): Promise<void> {
	const shots = parseShots(process.argv.slice(2));
	// Before anything is started: a missing playwright-core fails at once.
	const chromium = loadChromium();
	const owner: Owner = {
		email: process.env.N8N_DEV_OWNER_EMAIL ?? 'owner@example.com',
		password: process.env.N8N_DEV_OWNER_PASSWORD ?? 'RetellDev-2026',
		firstName: 'Dev',
		lastName: 'Owner',
	};
	const external = process.env.N8N_URL?.replace(/\/+$/, '');
	if (external) {
		await takeShots(chromium, external, owner, shots);
		return;
	}

	const userFolder = mkdtempSync(path.join(tmpdir(), 'retell-shot-n8n-'));
	let stack: Stack | undefined;
	const stopOnSignal = (): void => {
		killAllStarted();
		rmSync(userFolder, { recursive: true, force: true });
		process.exit(130);
	};
	process.once('SIGINT', stopOnSignal);
	process.once('SIGTERM', stopOnSignal);
	try {
		say('Starting n8n with this package, the Retell emulator and the local Supabase (about 40 s)…');
		stack = await startStack({
			mode: 'regular',
			userFolder,
			encryptionKey: randomBytes(24).toString('base64url'),
			owner,
			emulator: { port: 0, timeScale: 10, log: null },
			importExamples: 'always',
			log: (line) => say(`· ${line}`),
			apiKeyLabel: `screenshot-${Date.now()}`,
		});
		await takeShots(chromium, stack.mainUrl, owner, shots);
	} finally {
		await stack?.stop();
		rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`\nscreenshot failed: ${error instanceof Error ? error.message : String(error)}\n`);
	killAllStarted();
	process.exit(1);
});
