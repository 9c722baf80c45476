import { existsSync } from 'node:fs';

import { takeContractViolations } from '../retell-emulator';
import { RETELL_OPENAPI_PATH } from '../retell-emulator/contract';

// Every request the nodes send to an emulator is checked against Retell's OpenAPI description
// (test/support/retell-emulator/contract.ts); a request that breaks it fails the test that sent it.
beforeAll(() => {
	if (!existsSync(RETELL_OPENAPI_PATH)) throw new Error(`The contract check needs Retell's OpenAPI description at ${RETELL_OPENAPI_PATH}`);
});

afterEach(() => {
	const violations = takeContractViolations();
	if (violations.length === 0) return;
	const lines = violations.map((violation) => `${violation.request}\n    ${violation.problems.join('\n    ')}`);
	throw new Error(`Requests that break Retell's API description:\n  ${lines.join('\n  ')}`);
});
