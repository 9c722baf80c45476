/**
 * The example workflows against the node descriptions they were written for (from dist/, as n8n loads them):
 * every parameter must exist for the node's resource and operation, every option value must be one the node
 * offers, credentials must be the fixed ones npm run dev creates. n8n itself drops unknown parameters silently
 * on import, so a renamed field would otherwise only show as a wrong result.
 */
import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';
import { CREDENTIALS, loadExamples, type WorkflowNode } from '../../scripts/n8n/examples';
import { NODE_FILES, nodeDescription } from './helpers';
import { isRecord } from '../../scripts/n8n/json';

/** Whether a property is shown for these parameter values (only `show` on plain values is needed here). */
function shown(property: INodeProperties, parameters: Record<string, unknown>): boolean {
	const show = property.displayOptions?.show;
	if (!show) return true;
	return Object.entries(show).every(([name, allowed]) => {
		if (name.startsWith('@') || !Array.isArray(allowed)) return true;
		const value = name in parameters ? parameters[name] : undefined;
		return value === undefined || allowed.includes(value as never);
	});
}

function isCollectionOption(option: unknown): option is INodePropertyCollection {
	return isRecord(option) && Array.isArray(option.values);
}

function checkValue(where: string, property: INodeProperties, value: unknown, problems: string[]): void {
	if (typeof value === 'string' && value.startsWith('=')) return;
	if (property.type === 'options' && property.options) {
		const values = property.options.map((option) => ('value' in option ? option.value : undefined));
		if (!values.includes(value as never)) problems.push(`${where}: "${String(value)}" is not one of ${values.join(', ')}`);
	}
	if (property.type === 'multiOptions' && property.options && Array.isArray(value)) {
		const values = property.options.map((option) => ('value' in option ? option.value : undefined));
		for (const entry of value) if (!values.includes(entry as never)) problems.push(`${where}: "${String(entry)}" is not offered`);
	}
	if (property.type === 'collection' && isRecord(value)) {
		for (const [key, inner] of Object.entries(value)) {
			const option = property.options?.find((candidate) => 'name' in candidate && candidate.name === key);
			if (!option || isCollectionOption(option) || !('type' in option)) problems.push(`${where}.${key}: no such option`);
			else checkValue(`${where}.${key}`, option, inner, problems);
		}
	}
	if (property.type === 'fixedCollection' && isRecord(value)) {
		for (const [group, rows] of Object.entries(value)) {
			const option = property.options?.find((candidate) => 'name' in candidate && candidate.name === group);
			if (!option || !isCollectionOption(option)) {
				problems.push(`${where}.${group}: no such group`);
				continue;
			}
			for (const row of Array.isArray(rows) ? rows : [rows]) {
				if (!isRecord(row)) continue;
				for (const [key, inner] of Object.entries(row)) {
					const field = option.values.find((candidate) => candidate.name === key);
					if (!field) problems.push(`${where}.${group}.${key}: no such field`);
					else checkValue(`${where}.${group}.${key}`, field, inner, problems);
				}
			}
		}
	}
}

function checkNode(file: string, node: WorkflowNode): string[] {
	const problems: string[] = [];
	const desc = nodeDescription(node.type);
	const where = `${file} › ${node.name}`;
	const versions = Array.isArray(desc.version) ? desc.version : [desc.version];
	if (!versions.includes(node.typeVersion)) problems.push(`${where}: typeVersion ${node.typeVersion} not in ${versions.join(', ')}`);
	for (const [name, value] of Object.entries(node.parameters)) {
		const candidates = desc.properties.filter((property) => property.name === name && shown(property, node.parameters));
		if (candidates.length === 0) {
			problems.push(`${where}: parameter "${name}" does not exist for these settings`);
			continue;
		}
		const local: string[] = [];
		const fits = candidates.some((property) => {
			const found: string[] = [];
			checkValue(`${where}.${name}`, property, value, found);
			local.push(...found);
			return found.length === 0;
		});
		if (!fits) problems.push(...local);
	}
	const wanted = (desc.credentials ?? []).filter((credential) => credential.required && (!credential.displayOptions || shownCredential(credential.displayOptions, node.parameters)));
	for (const credential of wanted) {
		const reference = node.credentials?.[credential.name];
		const fixed = CREDENTIALS[credential.name as keyof typeof CREDENTIALS];
		if (!reference) problems.push(`${where}: credential ${credential.name} missing`);
		else if (fixed && (reference.id !== fixed.id || reference.name !== fixed.name)) problems.push(`${where}: credential ${credential.name} is not the fixed one`);
	}
	return problems;
}

function shownCredential(options: NonNullable<INodeProperties['displayOptions']>, parameters: Record<string, unknown>): boolean {
	const show = options.show ?? {};
	const hide = options.hide ?? {};
	const matches = (allowed: unknown, name: string): boolean => Array.isArray(allowed) && allowed.includes(parameters[name] as never);
	return Object.entries(show).every(([name, allowed]) => matches(allowed, name)) && !Object.entries(hide).some(([name, allowed]) => matches(allowed, name));
}

describe('example workflows', () => {
	const examples = loadExamples();

	it('exist, one per user story', () => {
		expect(examples.map((example) => example.file)).toEqual([
			'01-provision-agent.json',
			'02-place-calls.json',
			'03-log-call-events.json',
			'04-custom-function-book-appointment.json',
			'05-inbound-call-dynamic-variables.json',
			'06-scheduled-reconcile.json',
			'07-follow-up-once.json',
			'08-conversation-flow-agent.json',
			'09-sms-follow-up.json',
			'10-nightly-simulation-tests.json',
			'11-keep-recordings.json',
			'12-weekly-agent-stats.json',
			'13-inbound-answer-within-deadline.json',
			'14-log-at-the-door.json',
		]);
	});

	it.each(examples.map((example) => [example.file, example] as const))('%s uses only parameters the nodes have', (_file, example) => {
		const problems = example.workflow.nodes
			.filter((node) => node.type in NODE_FILES)
			.flatMap((node) => checkNode(example.file, node));
		expect(problems).toEqual([]);
	});

	it.each(examples.map((example) => [example.file, example] as const))('%s explains itself in a sticky note', (_file, example) => {
		const notes = example.workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThan(0);
		expect(String(notes[0].parameters.content)).toMatch(/Set up/);
	});

	it('give every Retell Trigger a fixed, unique webhookId', () => {
		const ids = examples.flatMap((example) => example.webhooks.map((webhook) => webhook.webhookId));
		expect(ids.length).toBe(8);
		expect(new Set(ids).size).toBe(ids.length);
	});
});
