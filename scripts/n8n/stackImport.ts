import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Example } from './examples';
import { n8nCli, type N8nConfig } from './n8n';
import type { StackOptions } from './stackTypes';

const IMPORT_MARKER = 'examples-imported.json';

export async function importChecked(config: N8nConfig, args: string[]): Promise<void> {
	const output = await n8nCli(config, args);
	if (!/Successfully imported/i.test(output)) {
		throw new Error(`n8n ${args[0]} did not report success:\n${output.slice(-3000)}`);
	}
}

export function selectExamplesToImport(options: StackOptions, examples: Example[]): Example[] {
	if (options.importExamples === 'never') return [];
	if (options.importExamples === 'always') return examples;
	const markerFile = path.join(options.userFolder, IMPORT_MARKER);
	const previous: Record<string, string> = existsSync(markerFile)
		? (JSON.parse(readFileSync(markerFile, 'utf8')) as Record<string, string>)
		: {};
	return examples.filter((example) => previous[example.workflow.id] !== example.hash);
}

export function writeImportMarker(userFolder: string, examples: Example[]): void {
	const marker = Object.fromEntries(examples.map((example) => [example.workflow.id, example.hash]));
	writeFileSync(path.join(userFolder, IMPORT_MARKER), JSON.stringify(marker, null, 2));
}
