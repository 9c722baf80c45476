import type { NodeHint } from 'n8n-workflow';

import { docsLink } from '../../shared/retell/docs';
import { operations } from './index';

/** The documentation page of one operation; undefined for a pair the node does not have. */
export function operationDocsUrl(resource: string, operation: string): string | undefined {
	const byResource: Record<string, Record<string, { docsUrl: string }> | undefined> = operations;
	const byOperation = byResource[resource];
	return byOperation && Object.hasOwn(byOperation, operation) ? byOperation[operation].docsUrl : undefined;
}

/**
 * One hint per operation, shown in the panel while that operation is selected: n8n's Docs link opens one page
 * for the whole node, and Retell documents each endpoint on its own page.
 */
export function operationDocsHints(): NodeHint[] {
	return Object.entries(operations).flatMap(([resource, byOperation]) =>
		Object.values(byOperation).map(({ operation, docsUrl }) => ({
			message: `Retell's documentation of this operation: ${docsLink(docsUrl, docsUrl.replace('https://', ''))}`,
			type: 'info' as const,
			// Beside the output: an input-pane hint would describe the previous node.
			location: 'outputPane' as const,
			whenToDisplay: 'always' as const,
			displayCondition: `={{ $parameter["resource"] === "${resource}" && $parameter["operation"] === "${operation}" }}`,
		})),
	);
}
