import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { N8nInstall } from './n8n';

/**
 * What the launcher and the e2e harness must do differently across the n8n versions this package supports
 * (1.123 LTS … 2.41), and what the e2e tests must expect differently. Every difference lives here; the harness and
 * the tests ask these traits, never a version.
 * The boundaries were read from the n8n packages on the npm registry (dist/public-api/v1/openapi.yml and
 * dist/instance-settings-loader/ of each release), see README "Supported n8n versions".
 */
export interface N8nTraits {
	version: string;
	/**
	 * Public-API route that makes a workflow's production webhooks live: `POST /workflows/{id}/publish` since 2.33.0
	 * (2.41 keeps `/activate` only as a deprecated alias), `POST /workflows/{id}/activate` before.
	 */
	publishRoute: 'publish' | 'activate';
	/**
	 * Since 2.17 n8n creates the owner from N8N_INSTANCE_OWNER_* at every start; before (1.x, 2.0–2.16) those variables
	 * are unknown and the owner is set up once through `POST /rest/owner/setup`, as the setup screen does.
	 */
	ownerFromEnv: boolean;
	/**
	 * Before 2.23 n8n adds "Allowed HTTP Request Domains" fields to every credential an HTTP Request node may use, and
	 * the public API's schema for them requires `allowedDomains` unless `allowedHttpRequestDomains` is given (its
	 * displayOptions condition holds vacuously when the field is absent); 2.23 and later have neither field and
	 * refuse it. So a credential created through the API says `allowedHttpRequestDomains: 'all'` (the editor's
	 * default) exactly when this is true.
	 */
	credentialDomainFields: boolean;
	/**
	 * Since 2.34 n8n's credential tester reads the status of the error a declarative test request throws, so a
	 * credential's `responseCode` rules (Retell API: "Retell rejected this API key…") reach the editor; before, it
	 * reads the status only from an axios-shaped error and shows its own "Authorization failed - please check your
	 * credentials". Not a harness difference: what a builder sees (README "Supported n8n versions").
	 */
	credentialRuleMessages: boolean;
}

/** `1.123.81` → [1, 123, 81]; anything unparsable sorts as 0.0.0. */
function parts(version: string): number[] {
	const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
	return match ? match.slice(1, 4).map(Number) : [0, 0, 0];
}

/** Whether `version` is at least `floor` (both x.y.z). */
export function atLeast(version: string, floor: string): boolean {
	const [a, b] = [parts(version), parts(floor)];
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
	return true;
}

export function traitsOf(version: string): N8nTraits {
	return {
		version,
		publishRoute: atLeast(version, '2.33.0') ? 'publish' : 'activate',
		ownerFromEnv: atLeast(version, '2.17.0'),
		credentialDomainFields: !atLeast(version, '2.23.0'),
		credentialRuleMessages: atLeast(version, '2.34.0'),
	};
}

/** The pinned n8n's traits (scripts/ensure-n8n.sh N8N_VERSION): for the bench and docker/, which run only that one. */
export const PINNED_TRAITS = traitsOf('2.41.1');

/** The traits of the n8n in an install folder, from its own package.json. */
export function installedTraits(install: N8nInstall): N8nTraits {
	const manifest = JSON.parse(readFileSync(path.join(install.n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8')) as {
		version?: unknown;
	};
	if (typeof manifest.version !== 'string') throw new Error(`no version in n8n's package.json under ${install.n8nDir}`);
	return traitsOf(manifest.version);
}
