import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The package's seams: each node folder imports only itself and `nodes/shared/`, shared code imports no node,
 * and each SDK is loaded by exactly one transport.
 */
const ROOT = path.resolve(__dirname, '../..');
const NODES = path.join(ROOT, 'nodes');
const SHARED = path.join(NODES, 'shared');

/** The only modules that may import each SDK (type re-exports included). */
const SDK_HOMES: Record<string, string[]> = {
	'retell-sdk': ['nodes/shared/retell/transport/index.ts', 'nodes/shared/retell/transport/types.ts'],
	'@supabase/supabase-js': ['nodes/shared/supabase/transport/index.ts'],
};

function sourceFiles(directory: string): string[] {
	return readdirSync(directory).flatMap((entry) => {
		const full = path.join(directory, entry);
		if (statSync(full).isDirectory()) return sourceFiles(full);
		return entry.endsWith('.ts') ? [full] : [];
	});
}

/** Every module specifier a file imports, re-exports or requires. */
export function importsOf(source: string): string[] {
	const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
	return [...source.matchAll(pattern)].map((match) => match[1]);
}

/** The top folder under nodes/ a file lives in ('shared', 'Retell', …), or undefined outside nodes/. */
function nodeFolder(file: string): string | undefined {
	const relative = path.relative(NODES, file);
	return relative.startsWith('..') ? undefined : relative.split(path.sep)[0];
}

const files = [...sourceFiles(NODES), ...sourceFiles(path.join(ROOT, 'credentials'))];

function violations(check: (file: string, specifier: string) => string | undefined): string[] {
	return files.flatMap((file) =>
		importsOf(readFileSync(file, 'utf8')).flatMap((specifier) => {
			const problem = check(file, specifier);
			return problem ? [`${path.relative(ROOT, file)}: ${problem}`] : [];
		}),
	);
}

describe('Module boundaries', () => {
	it('finds the imports of every form it checks', () => {
		const source = [
			"import type { A } from './a';",
			"export { b } from '../b';",
			"const c = require('c');",
			"import 'side-effect';",
			"const d = await import('./d');",
		].join('\n');
		expect(importsOf(source)).toEqual(['./a', '../b', 'c', 'side-effect', './d']);
		expect(files.length).toBeGreaterThan(50);
	});

	it('has no imports between node folders: what several nodes use lives in nodes/shared/', () => {
		const crossing = violations((file, specifier) => {
			if (!specifier.startsWith('.')) return undefined;
			const from = nodeFolder(file);
			const to = nodeFolder(path.resolve(path.dirname(file), specifier));
			if (from === undefined || to === undefined || from === to || to === 'shared') return undefined;
			return `imports ${specifier} from the ${to} node`;
		});
		expect(crossing).toEqual([]);
	});

	it('keeps nodes/shared/ free of any node', () => {
		const upward = violations((file, specifier) => {
			if (!file.startsWith(SHARED + path.sep) || !specifier.startsWith('.')) return undefined;
			const target = path.resolve(path.dirname(file), specifier);
			return target.startsWith(SHARED) ? undefined : `imports ${specifier} from outside nodes/shared/`;
		});
		expect(upward).toEqual([]);
	});

	it('imports retell-sdk and @supabase/supabase-js only in their transports', () => {
		const outside = violations((file, specifier) => {
			const sdk = Object.keys(SDK_HOMES).find((name) => specifier === name || specifier.startsWith(`${name}/`));
			if (!sdk) return undefined;
			return SDK_HOMES[sdk].includes(path.relative(ROOT, file).split(path.sep).join('/')) ? undefined : `imports ${specifier}`;
		});
		expect(outside).toEqual([]);
	});

	it('loads each SDK lazily: its transport imports only types statically, and the SDK itself with import()', () => {
		for (const [sdk, homes] of Object.entries(SDK_HOMES)) {
			const statements = homes.flatMap((home) =>
				[...readFileSync(path.join(ROOT, home), 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*'([^']+)';/gms)]
					.filter((match) => match[1] === sdk || match[1].startsWith(`${sdk}/`))
					.map((match) => match[0]),
			);
			expect(statements.length).toBeGreaterThan(0);
			expect(statements.filter((statement) => !/^(?:import|export) type\b/.test(statement))).toEqual([]);
			expect(homes.some((home) => readFileSync(path.join(ROOT, home), 'utf8').includes(`import('${sdk}')`))).toBe(true);
		}
	});
});
