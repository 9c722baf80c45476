/**
 * The editor as a new user meets it, in headless Chromium (Debian's chromium + playwright-core): the node picker
 * finds the package by search, every operation's panel opens without an error, and both credential tests answer a
 * wrong key with a message that says what to fix. With SCREENSHOTS_DIR set (e.g. docs/images), the same run
 * saves the README pictures there.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import type { Browser, Page } from 'playwright-core';

import { operationDocsUrl } from '../../nodes/Retell/actions/apiReference';
import { closeChecklist, launchChromium, openEditor, type Editor } from '../../scripts/n8n/browser';
import { REPO_ROOT } from '../../scripts/n8n/paths';
import { E2E_OWNER, nodeDescription, useE2eStack, WORKFLOWS } from './helpers';

const stack = useE2eStack('regular');
let browser: Browser;
let editor: Editor;

beforeAll(async () => {
	browser = await launchChromium();
	editor = await openEditor(browser, stack().mainUrl, E2E_OWNER);
}, 60_000);

afterAll(async () => {
	await browser?.close();
});

const shotsDir = process.env.SCREENSHOTS_DIR ? path.resolve(REPO_ROOT, process.env.SCREENSHOTS_DIR) : undefined;

async function picture(page: Page, name: string): Promise<void> {
	if (!shotsDir) return;
	mkdirSync(shotsDir, { recursive: true });
	// Let panels finish sliding in.
	await page.waitForTimeout(800);
	await page.screenshot({ path: path.join(shotsDir, name), type: 'png' });
}

const testId = (id: string) => `[data-test-id="${id}"]`;
/** The panel's close button: "ndv-close-button" in n8n 2.x, "back-to-canvas" in 1.x's panel. */
const CLOSE_PANEL = `${testId('ndv-close-button')}, ${testId('back-to-canvas')}`;

/**
 * The names the picker lists for a search. A query that matches nothing comes first and must empty the list,
 * so the names read afterwards belong to this search, not to the one before it.
 */
async function search(page: Page, text: string): Promise<string[]> {
	const input = page.locator(`${testId('node-creator-search-bar')} input, input${testId('node-creator-search-bar')}`).first();
	const names = page.locator(testId('node-creator-item-name'));
	await input.fill('qqzxqqzx');
	await page.waitForFunction(`document.querySelectorAll('[data-test-id="node-creator-item-name"]').length === 0`, undefined, {
		timeout: 10_000,
	});
	await input.fill(text);
	await names.first().waitFor({ state: 'visible', timeout: 10_000 });
	await page.waitForTimeout(300);
	return await names.allInnerTexts();
}

/** The picker's actions of a node, after clicking it in the search results. */
async function openNodeActions(page: Page, name: string): Promise<string> {
	await page.locator(testId('node-creator-item-name'), { hasText: new RegExp(`^${name}$`) }).first().click();
	await page.locator(testId('node-creator')).getByText('Actions (', { exact: false }).first().waitFor({ state: 'visible', timeout: 10_000 });
	return await page.locator(testId('node-creator')).innerText();
}

/**
 * Finds an action in a node's action list by scrolling it as a builder would: n8n 2.20 renders only the part of a long
 * list in view (and has no search there); other versions render it whole. Throws when the list ends without it.
 */
async function scrollToAction(page: Page, action: string): Promise<void> {
	const creator = page.locator(testId('node-creator'));
	const item = creator.getByText(action, { exact: true }).first();
	await creator.hover();
	for (let step = 0; step < 60 && (await item.count()) === 0; step++) {
		await page.mouse.wheel(0, 300);
		await page.waitForTimeout(50);
	}
	await item.scrollIntoViewIfNeeded({ timeout: 5_000 });
}

const CALL_EVENTS = [
	'On call analyzed',
	'On call ended',
	'On call started',
	'On transcript updated',
	'On transfer bridged',
	'On transfer cancelled',
	'On transfer ended',
	'On transfer started',
];

describe('the node picker finds the package by search', () => {
	it('"Retell" in "What triggers this workflow?" lists Retell with every trigger event, "voice" finds it too', async () => {
		const { page } = editor;
		await page.goto(`${stack().mainUrl}/workflow/new`, { waitUntil: 'networkidle', timeout: 60_000 });
		await page.locator(testId('canvas-add-button')).click();
		expect(await search(page, 'voice')).toContain('Retell');
		expect(await search(page, 'phone call')).toContain('Retell');
		expect(await search(page, 'Retell')).toEqual(expect.arrayContaining(['Retell', 'Retell Supabase']));
		await picture(page, 'node-picker-search.png');

		const actions = await openNodeActions(page, 'Retell');
		for (const event of [...CALL_EVENTS, 'On chat events', 'On custom function call', 'On inbound call', 'On inbound SMS']) expect(actions).toContain(event);
		await picture(page, 'node-picker-trigger-events.png');

		await page.getByText('On call analyzed', { exact: true }).click();
		await page.locator(`${testId('ndv')} ${testId('node-parameters')}`).waitFor({ state: 'visible', timeout: 20_000 });
		await page.locator(CLOSE_PANEL).first().click();
	});

	it('"Retell" in "What happens next?" lists Retell and Retell Supabase with their actions', async () => {
		const { page } = editor;
		await page.locator(testId('node-creator-plus-button')).click();
		expect(await search(page, 'Retell')).toEqual(expect.arrayContaining(['Retell', 'Retell Supabase']));
		expect(await search(page, 'call log')).toContain('Retell Supabase');
		await search(page, 'Retell');
		const retell = await openNodeActions(page, 'Retell');
		expect(retell).toContain('Triggers (13)');
		await scrollToAction(page, 'Create a phone call');
		await page.keyboard.press('Escape');
		expect(editor.errors).toEqual([]);
	});
});

function optionValues(property: INodeProperties | undefined): string[] {
	return (property?.options ?? []).flatMap((option) => ('value' in option ? [String(option.value)] : []));
}

/** Every resource/operation pair, named after the operation's action ("Create a phone call"), as the picker names it. */
function operationsOf(description: INodeTypeDescription): Array<{ action: string; parameters: Record<string, string> }> {
	const resources = optionValues(description.properties.find((property) => property.name === 'resource'));
	return resources.flatMap((resource) => {
		const operation = description.properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
		);
		return (operation?.options ?? []).flatMap((option) =>
			'value' in option
				? [{ action: option.action ?? option.name, parameters: { resource, operation: String(option.value) } }]
				: [],
		);
	});
}

interface PanelNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, string>;
}

function panelNodes(): PanelNode[] {
	const retell = nodeDescription('n8n-nodes-retell.retell');
	const supabase = nodeDescription('n8n-nodes-retell.retellSupabase');
	const trigger = nodeDescription('n8n-nodes-retell.retellTrigger');
	const nodes: Array<Omit<PanelNode, 'id' | 'position'>> = [
		...optionValues(trigger.properties.find((property) => property.name === 'mode')).map((mode) => ({
			name: `Trigger ${mode}`,
			type: 'n8n-nodes-retell.retellTrigger',
			typeVersion: 1.1,
			parameters: { mode },
		})),
		...operationsOf(retell).map(({ action, parameters }) => ({
			name: action,
			type: 'n8n-nodes-retell.retell',
			typeVersion: 1,
			parameters,
		})),
		...operationsOf(supabase).map(({ action, parameters }) => ({
			name: `Supabase: ${action}`,
			type: 'n8n-nodes-retell.retellSupabase',
			typeVersion: 1,
			parameters,
		})),
	];
	expect(new Set(nodes.map((node) => node.name)).size).toBe(nodes.length);
	return nodes.map((node, index) => ({
		...node,
		id: `panel-${String(index).padStart(3, '0')}`,
		position: [(index % 10) * 220, Math.floor(index / 10) * 200],
	}));
}

describe('every operation panel opens without an error', () => {
	it('opens the panel of each trigger mode and each operation of Retell and Retell Supabase', async () => {
		const { page } = editor;
		const nodes = panelNodes();
		expect(nodes.length).toBeGreaterThan(40);
		const api = stack().api;
		const workflowId = await api.createWorkflow({ name: 'Every panel', nodes, connections: {}, settings: {} });

		await page.goto(`${stack().mainUrl}/workflow/${workflowId}`, { waitUntil: 'load', timeout: 60_000 });
		await page.locator(testId('canvas-node')).first().waitFor({ state: 'visible', timeout: 30_000 });
		await page.locator(testId('zoom-to-fit')).click();
		const problems: string[] = [];
		for (const node of nodes) {
			editor.errors.length = 0;
			// Double-clicking the node opens its panel, as a user does.
			await page.locator(`${testId('canvas-node')}[data-node-name="${node.name}"]`).dblclick();
			const parameters = page.locator(`${testId('ndv')} ${testId('node-parameters')}`);
			await parameters.waitFor({ state: 'visible', timeout: 30_000 });
			// Errors of a panel show while it settles.
			await page.waitForTimeout(300);
			const title = await page.locator(`${testId('ndv')} ${testId('node-title-container')}`).innerText();
			const items = await parameters.locator(testId('parameter-item')).count();
			if (!title.includes(node.name)) problems.push(`${node.name}: the panel shows "${title}"`);
			if (items === 0) problems.push(`${node.name}: no parameters shown`);
			if (editor.errors.length > 0) problems.push(`${node.name}: ${editor.errors.join(' | ')}`);
			if (node.type === 'n8n-nodes-retell.retell') {
				// Each operation links its own page of Retell's documentation (a node hint, shown beside the panel).
				const outputPane = page.locator(`${testId('ndv')} ${testId('output-panel')}`);
				const links = outputPane.locator('a[href^="https://docs.retellai.com/"]');
				await links.first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
				const hrefs = await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
				const pages = [...new Set(hrefs)];
				const expected = operationDocsUrl(node.parameters.resource, node.parameters.operation);
				if (pages.length !== 1 || pages[0] !== expected) {
					problems.push(`${node.name}: links ${JSON.stringify(pages)}, expected only ${String(expected)}`);
				}
			}
			if (node.name === 'Create a phone call') await picture(page, 'panel-create-phone-call.png');
			await page.locator(CLOSE_PANEL).first().click();
			await page.locator(testId('ndv')).waitFor({ state: 'hidden', timeout: 10_000 });
		}
		expect(problems).toEqual([]);
	});
});

describe("the trigger's deadline, as a builder fills it in", () => {
	it('shows the limit and the fallback fields of example 13 once Answer Within a Time Limit is on', async () => {
		const { page } = editor;
		editor.errors.length = 0;
		await page.goto(`${stack().mainUrl}/workflow/${WORKFLOWS.inboundWithinDeadline}`, { waitUntil: 'load', timeout: 60_000 });
		await page.locator(`${testId('canvas-node')}[data-node-name="Retell Trigger"]`).dblclick();
		const parameters = page.locator(`${testId('ndv')} ${testId('node-parameters')}`);
		await parameters.waitFor({ state: 'visible', timeout: 30_000 });
		await page.waitForTimeout(300);
		const text = await parameters.innerText();
		for (const label of ['Answer Within a Time Limit', 'Answer Within (Seconds)', 'Fallback Agent', 'Fallback Dynamic Variables']) {
			expect(text).toContain(label);
		}
		const values = await parameters.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
		expect(values).toEqual(expect.arrayContaining(['8.0', 'customer_name', 'there']));
		// The custom function's field belongs to the other mode.
		expect(text).not.toContain('Fallback Result');
		expect(editor.errors).toEqual([]);
		await picture(page, 'panel-answer-within.png');
		await page.locator(CLOSE_PANEL).first().click();
	});
});

describe('logging at the door, as a builder fills it in', () => {
	it('shows Events to Log, the cost note and the Supabase credential of example 14 once Log Events to Supabase is on', async () => {
		const { page } = editor;
		editor.errors.length = 0;
		await page.goto(`${stack().mainUrl}/workflow/${WORKFLOWS.logAtTheDoor}`, { waitUntil: 'load', timeout: 60_000 });
		await page.locator(`${testId('canvas-node')}[data-node-name="Retell Trigger"]`).dblclick();
		const panel = page.locator(testId('ndv'));
		const parameters = page.locator(`${testId('ndv')} ${testId('node-parameters')}`);
		await parameters.waitFor({ state: 'visible', timeout: 30_000 });
		await page.waitForTimeout(300);
		const text = await parameters.innerText();
		for (const label of ['Log Events to Supabase', 'Events to Log', 'one database round trip', 'Retell gets 503']) {
			expect(text).toContain(label);
		}
		// Both credentials are asked for, each filled with the example's.
		const values = await panel.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
		expect(values).toEqual(expect.arrayContaining(['Retell account', 'Retell Supabase account']));
		expect(editor.errors).toEqual([]);
		await picture(page, 'panel-log-events.png');
		await page.locator(CLOSE_PANEL).first().click();
	});
});

describe('what n8n serves the editor', () => {
	it('offers Custom API Call on Retell (an HTTP request with the Retell credential) but not on Retell Supabase', async () => {
		const response = await editor.context.request.get(`${stack().mainUrl}/types/nodes.json`);
		expect(response.status()).toBe(200);
		const types = (await response.json()) as INodeTypeDescription[];
		const resources = (name: string) =>
			optionValues(
				types
					.filter((type) => type.name === name)
					.flatMap((type) => type.properties)
					.find((property) => property.name === 'resource'),
			);
		expect(resources('n8n-nodes-retell.retell')).toContain('__CUSTOM_API_CALL__');
		expect(resources('n8n-nodes-retell.retellSupabase')).toEqual(['agent', 'lead', 'session']);
	});
});

describe('credential tests say what to fix', () => {
	async function credentialError(type: string, data: Record<string, string>): Promise<string> {
		const api = stack().api;
		const id = await api.createCredential({ name: `Wrong ${type}`, type, data });
		// A page of its own: the workflow pages before may have left unsaved changes.
		const { page, close } = await openEditor(browser, stack().mainUrl, E2E_OWNER);
		try {
			// Opening a saved credential tests it.
			await page.goto(`${stack().mainUrl}/home/credentials/${id}`, { waitUntil: 'networkidle', timeout: 60_000 });
			const dialog = page.locator(testId('editCredential-modal'));
			await dialog.getByText(/Couldn.t connect with these settings/).waitFor({ state: 'visible', timeout: 30_000 });
			await dialog.getByText('More details').click();
			await picture(page, `credential-test-${type}.png`);
			return await dialog.innerText();
		} finally {
			await close();
		}
	}

	it('Retell API: a wrong key names the key to copy (n8n < 2.34: n8n\'s own message)', async () => {
		const text = await credentialError('retellApi', { apiKey: 'key_wrong_on_purpose', baseUrl: stack().retell.baseUrl });
		if (stack().traits.credentialRuleMessages) {
			expect(text).toContain('Retell rejected this API key');
			expect(text).toContain('webhook badge');
		} else {
			expect(text).toContain('Authorization failed - please check your credentials');
		}
	});

	it('Retell Supabase API: a wrong key names the field to fix, a Host with /rest/v1 is accepted', async () => {
		const text = await credentialError('retellSupabaseApi', {
			host: `${stack().supabase.url}/rest/v1`,
			serviceRole: 'not-the-service-role-key',
		});
		expect(text).toContain('Supabase rejected the key');
		expect(text).toContain('Check the Service Role Secret');
	});
});

describe('the example workflows on the canvas', () => {
	it.each([
		[WORKFLOWS.callEvents, 'example-workflow.png', 'Create a lead from a call'],
		[WORKFLOWS.customFunction, 'custom-function-workflow.png', 'Build a custom function result'],
		[WORKFLOWS.inboundWithinDeadline, 'inbound-within-deadline-workflow.png', 'Build an inbound call response'],
		[WORKFLOWS.logAtTheDoor, 'log-at-the-door-workflow.png', 'Create a lead from a call'],
	])('%s shows its Retell nodes with their icons and subtitles', async (workflowId, file, subtitle) => {
		const { page } = editor;
		await page.goto(`${stack().mainUrl}/workflow/${workflowId}`, { waitUntil: 'networkidle', timeout: 60_000 });
		await page.locator(testId('canvas-node')).first().waitFor({ state: 'visible', timeout: 30_000 });
		await closeChecklist(page, 3_000);
		await page.locator(testId('zoom-to-fit')).click();
		const retellNodes = page.locator(`${testId('canvas-node')}[data-node-type^="n8n-nodes-retell."]`);
		expect(await retellNodes.count()).toBeGreaterThan(0);
		// A string, run in the page: this file is compiled without the DOM's types.
		await page.waitForFunction(
			`(() => {
				const images = [...document.querySelectorAll('[data-test-id="canvas-node"] img')];
				return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
			})()`,
			undefined,
			{ timeout: 30_000 },
		);
		expect(await page.getByText('Install this node').count()).toBe(0);
		// Canvas subtitles name the operation, not its raw value ("createFromCall: lead").
		const canvas = await page.locator(testId('canvas')).innerText();
		expect(canvas).toContain(subtitle);
		expect(canvas).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*: [a-z]+/);
		await page.mouse.move(5, 5);
		await page.waitForTimeout(1_000);
		await closeChecklist(page, 0);
		await picture(page, file);
	});

	it('uses the dark icons in the dark theme', async () => {
		const dark = await openEditor(browser, stack().mainUrl, E2E_OWNER, { colorScheme: 'dark' });
		try {
			await dark.page.goto(`${stack().mainUrl}/workflow/${WORKFLOWS.callEvents}`, { waitUntil: 'networkidle', timeout: 60_000 });
			const icons = dark.page.locator(`${testId('canvas-node')}[data-node-type^="n8n-nodes-retell."] img`);
			await icons.first().waitFor({ state: 'visible', timeout: 30_000 });
			const sources = await icons.evaluateAll((images) => images.map((image) => image.getAttribute('src') ?? ''));
			expect(sources.length).toBeGreaterThan(0);
			expect(sources.every((source) => source.endsWith('.dark.svg'))).toBe(true);
		} finally {
			await dark.close();
		}
	});
});
