/**
 * n8n's editor in headless Chromium (Debian's `chromium` package, driven by playwright-core; no browser
 * download), logged in as the owner: for the editor test (test/e2e/editor.e2e.ts) and the README pictures.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import type { Owner } from './api';

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

/**
 * What n8n 1.x's editor reports on an offline, unlicensed instance whatever the workflow: the news banners it
 * fetches from n8n.io, the AI assistant's licensed session list (403), and the last successful execution of a
 * workflow that has none yet (404). Nothing of this package's.
 */
const EDITOR_NOISE = [
	/^Failed to fetch dynamic banners: /,
	/^Failed to fetch sessions metadata: .*Plan lacks license/,
	/^HTTP 403 POST \/rest\/ai\/sessions\/metadata$/,
	/^HTTP 404 GET \/rest\/workflows\/[^/]+\/executions\/last-successful$/,
];

export interface Editor {
	page: Page;
	context: BrowserContext;
	/** Uncaught page errors and console errors since the page opened. */
	errors: string[];
	close(): Promise<void>;
}

export interface EditorOptions {
	colorScheme?: 'light' | 'dark';
	viewport?: { width: number; height: number };
}

export async function launchChromium(): Promise<Browser> {
	// launch() gives Chromium a new empty --user-data-dir of its own and deletes it on close.
	return await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: CHROMIUM_ARGS,
	});
}

/** A logged-in editor page; the REST login sets n8n's session cookie in the browser context. */
export async function openEditor(browser: Browser, baseUrl: string, owner: Owner, options: EditorOptions = {}): Promise<Editor> {
	const context = await browser.newContext({
		viewport: options.viewport ?? { width: 1600, height: 900 },
		deviceScaleFactor: 1,
		colorScheme: options.colorScheme ?? 'light',
	});
	const login = await context.request.post(`${baseUrl}/rest/login`, {
		data: { emailOrLdapLoginId: owner.email, password: owner.password },
	});
	if (login.status() !== 200) {
		throw new Error(`login as ${owner.email}: HTTP ${login.status()} ${(await login.text()).slice(0, 300)}`);
	}
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
	page.on('console', (message) => {
		// The editor fetches news, templates and fonts from the internet, which a closed machine refuses; a failed
		// response from n8n itself is reported below with its URL, which the console message leaves out.
		if (message.type() !== 'error' || /^Failed to load resource: /.test(message.text())) return;
		if (!EDITOR_NOISE.some((noise) => noise.test(message.text()))) errors.push(`console error: ${message.text()}`);
	});
	page.on('response', (response) => {
		const url = new URL(response.url());
		if (response.status() < 400 || url.origin !== new URL(baseUrl).origin) return;
		const failure = `HTTP ${response.status()} ${response.request().method()} ${url.pathname}`;
		if (!EDITOR_NOISE.some((noise) => noise.test(failure))) errors.push(failure);
	});
	return { page, context, errors, close: async () => await context.close() };
}

/** Published workflows may open with a "Production Checklist" popover; waits up to `waitMs` for it and closes it. */
export async function closeChecklist(page: Page, waitMs: number): Promise<void> {
	const close = page.locator('[data-test-id="suggested-actions-close"]');
	const deadline = Date.now() + waitMs;
	for (;;) {
		if ((await close.count()) > 0 && (await close.first().isVisible())) {
			await close.first().click();
			await page.waitForTimeout(300);
			return;
		}
		if (Date.now() >= deadline) return;
		await page.waitForTimeout(200);
	}
}
