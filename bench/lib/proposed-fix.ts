import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Measures two changes proposed for nodes/RetellTrigger (not made there: the benchmark only patches the
 * compiled copy installed in its own throwaway n8n user folder, never the repository):
 *
 * 1. descriptions/webhook.ts: declare the webhook description with n8n-workflow's `webhookDescriptionFields` +
 *    `fromFunction` (n8n ≥ 2.41), so n8n resolves method, path and response mode natively instead of running five
 *    expressions in an isolated-vm isolate on every request; the plain templates stay as the fallback for older n8n.
 * 2. handlers/request.ts: verify with the API key last loaded for this credential (60 s at most) and load the
 *    credential again only when that key does not verify, instead of decrypting it from the database per request.
 */
export function applyProposedTriggerFix(installedPackageDir: string): string[] {
	const applied: string[] = [];
	const webhookFile = path.join(installedPackageDir, 'dist', 'nodes', 'RetellTrigger', 'descriptions', 'webhook.js');
	const webhook = readFileSync(webhookFile, 'utf8');
	const declaration = /exports\.retellWebhook = (\{[\s\S]*?\n\});/.exec(webhook);
	if (!declaration || !webhook.includes('$parameter["mode"] === "customFunction" ? $parameter["httpMethod"] : "POST"')) {
		throw new Error(`unexpected ${webhookFile}: the proposed fix no longer matches the trigger's code`);
	}
	writeFileSync(
		webhookFile,
		webhook.replace(
			declaration[0],
			`const n8n_workflow_fix = require("n8n-workflow");
const templates = ${declaration[1]};
const resolvers = {
    httpMethod: (p) => (p.mode === "customFunction" ? p.httpMethod : "POST"),
    path: (p) => (p.mode === "customFunction" ? "function" : p.mode === "inboundCall" ? "inbound" : "events"),
    responseMode: (p) => (p.mode === "callEvents" && p.acknowledge !== "afterWorkflow" ? "onReceived" : "lastNode"),
    responseData: (p) => (p.mode === "callEvents" ? "noData" : "firstEntryJson"),
    responsePropertyName: (p) => (p.mode === "customFunction" ? ((p.functionOptions || {}).responseField || undefined) : undefined),
};
exports.retellWebhook = typeof n8n_workflow_fix.webhookDescriptionFields === "function" && typeof n8n_workflow_fix.fromFunction === "function"
    ? { name: "default", ...n8n_workflow_fix.webhookDescriptionFields(Object.fromEntries(Object.entries(resolvers).map(([field, fn]) => [field, n8n_workflow_fix.fromFunction(fn)]))) }
    : templates;`,
		),
	);
	applied.push('webhook description resolved natively (webhookDescriptionFields/fromFunction)');

	const requestFile = path.join(installedPackageDir, 'dist', 'nodes', 'RetellTrigger', 'handlers', 'request.js');
	const request = readFileSync(requestFile, 'utf8');
	const original = /    const \{ apiKey \} = await \(0, transport_1\.getRetellCredentials\)\(context\);\n    const signature = headerValue\(request\.headers\['x-retell-signature'\]\);\n    if \(rawBody === undefined \|\| !\(0, verifySignature_1\.verifyRetellSignature\)\(rawBody, signature, apiKey, Date\.now\(\)\)\) \{/;
	if (!original.test(request)) throw new Error(`unexpected ${requestFile}: the proposed fix no longer matches the trigger's code`);
	writeFileSync(
		requestFile,
		`const keyCache = new Map();\n${request.replace(
			original,
			`    const signature = headerValue(request.headers['x-retell-signature']);
    const credentialId = context.getNode().credentials?.retellApi?.id ?? '';
    const verifies = (key) => rawBody !== undefined && (0, verifySignature_1.verifyRetellSignature)(rawBody, signature, key, Date.now());
    const cached = keyCache.get(credentialId);
    let verified = cached !== undefined && Date.now() - cached.at < 60000 && verifies(cached.apiKey);
    if (!verified) {
        const { apiKey } = await (0, transport_1.getRetellCredentials)(context);
        keyCache.set(credentialId, { apiKey, at: Date.now() });
        verified = verifies(apiKey);
    }
    if (!verified) {`,
		)}`,
	);
	applied.push('API key kept per credential for 60 s, reloaded when a signature does not verify');
	return applied;
}
