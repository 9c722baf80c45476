import path from 'node:path';
import Retell from 'retell-sdk';
import { APIResource } from 'retell-sdk/core/resource';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** `resource.method` for every method of every resource of a retell-sdk client, nested resources included. */
export function sdkMethods(): string[] {
	const client = new Retell({ apiKey: 'enumerating-methods-only' });
	const methods: string[] = [];
	const isResource = (value: unknown): value is object =>
		typeof value === 'object' && value !== null && value instanceof APIResource;
	const walk = (resource: object, prefix: string): void => {
		const prototype: object = Object.getPrototypeOf(resource);
		for (const name of Object.getOwnPropertyNames(prototype)) {
			if (name !== 'constructor' && typeof Reflect.get(prototype, name) === 'function') methods.push(`${prefix}.${name}`);
		}
		for (const [key, value] of Object.entries(resource)) if (isResource(value)) walk(value, `${prefix}.${key}`);
	};
	for (const [key, value] of Object.entries(client)) if (isResource(value)) walk(value, key);
	return methods.sort();
}

/** The SDK's resource classes by the file that declares them, e.g. `resources/chat-agent.d.ts#ChatAgent` → `chatAgent`. */
function resourceClasses(): Map<string, string> {
	const client = new Retell({ apiKey: 'enumerating-methods-only' });
	const classes = new Map<string, string>();
	for (const [key, value] of Object.entries(client)) {
		if (value instanceof APIResource) classes.set(value.constructor.name, key);
	}
	return classes;
}

/**
 * The SDK methods the package's nodes call, found by the type checker: every call `x.method(…)` whose `x` is typed
 * as one of retell-sdk's resource classes, whatever the variable is named. A method named only in a comment, a
 * string or a test does not count.
 */
export function calledSdkMethods(): { called: Set<string>; sites: Map<string, string[]> } {
	const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile.bind(ts.sys));
	const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
	const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
	const checker = program.getTypeChecker();
	const classes = resourceClasses();
	const sites = new Map<string, string[]>();
	const sdkDirectory = `${path.sep}retell-sdk${path.sep}`;

	const resourceOf = (expression: ts.Expression): string | undefined => {
		const symbol = checker.getTypeAtLocation(expression).getSymbol();
		const declaration = symbol?.declarations?.[0];
		if (!symbol || !declaration || !path.normalize(declaration.getSourceFile().fileName).includes(sdkDirectory)) return undefined;
		return classes.get(symbol.getName());
	};

	for (const source of program.getSourceFiles()) {
		if (source.isDeclarationFile || !path.normalize(source.fileName).startsWith(path.join(ROOT, 'nodes'))) continue;
		const visit = (node: ts.Node): void => {
			if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
				const resource = resourceOf(node.expression.expression);
				if (resource) {
					const method = `${resource}.${node.expression.name.text}`;
					const { line } = source.getLineAndCharacterOfPosition(node.getStart());
					sites.set(method, [...(sites.get(method) ?? []), `${path.relative(ROOT, source.fileName)}:${line + 1}`]);
				}
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return { called: new Set(sites.keys()), sites };
}
