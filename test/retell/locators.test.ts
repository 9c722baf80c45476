import type { INodeProperties, INodePropertyRegexValidation } from 'n8n-workflow';

import { agentLocator, optionalLocator, phoneNumberLocator, voiceLocator } from '../../nodes/shared/retell/fields';

/** The regex n8n checks a typed ID against, taken from the locator's "ID" mode. */
function idPattern(property: INodeProperties): RegExp {
	const mode = property.modes?.find(({ name }) => name === 'id');
	type Rule = NonNullable<NonNullable<typeof mode>['validation']>[number];
	const isRegex = (rule: Rule): rule is INodePropertyRegexValidation => typeof rule === 'object' && rule.type === 'regex';
	const rule = mode?.validation?.find(isRegex);
	if (!rule) throw new Error('no ID pattern');
	return new RegExp(rule.properties.regex);
}

describe('resource locator ID patterns', () => {
	it('accept Retell IDs with or without a prefix, and refuse pasted names and URLs', () => {
		const pattern = idPattern(agentLocator);
		for (const id of ['agent_9f8e7d6c', 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD', '16b980523634a6dc504898cda492e939']) {
			expect(pattern.test(id)).toBe(true);
		}
		for (const notAnId of ['', 'My agent', 'https://dashboard.retellai.com/agents/agent_1']) {
			expect(pattern.test(notAnId)).toBe(false);
		}
	});

	it('let an optional locator stay empty, but still refuse what cannot be an ID', () => {
		const pattern = idPattern(optionalLocator(agentLocator));
		expect(pattern.test('')).toBe(true);
		expect(pattern.test('agent_1')).toBe(true);
		expect(pattern.test('My agent')).toBe(false);
		// Each kind keeps its own pattern: voice IDs, unlike agent IDs, may hold dots.
		const voice = idPattern(optionalLocator(voiceLocator));
		expect(voice.test('')).toBe(true);
		expect(voice.test('cartesia-sonic.2')).toBe(true);
		expect(voice.test('two words')).toBe(false);
	});

	it('take every number Retell stores: E.164, and the pseudo numbers Import accepts without E.164 validation', () => {
		const pattern = idPattern(phoneNumberLocator);
		for (const number of ['+4520123456', '+14155550100', '4155550100', '1001', 'sip-line-7', '+0123']) {
			expect([number, pattern.test(number)]).toEqual([number, true]);
		}
		for (const notANumber of ['', '+1 415 555 0100', 'https://dashboard.retellai.com/phone-numbers/+14155550100']) {
			expect([notANumber, pattern.test(notANumber)]).toEqual([notANumber, false]);
		}
	});
});
