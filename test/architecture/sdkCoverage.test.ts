import { EXCLUDED, MIN_COVERAGE } from './sdkExclusions';
import { calledSdkMethods, sdkMethods } from './sdkCoverage';

/**
 * The coverage invariant: every method of retell-sdk's resources is called by a node, or excluded with its reason.
 * A new SDK release that adds a method fails here until someone decides which.
 */
const all = sdkMethods();
const { called, sites } = calledSdkMethods();
const implemented = all.filter((method) => called.has(method));

describe('retell-sdk coverage', () => {
	it('finds the resources and methods of the pinned SDK, and the calls the nodes make', () => {
		// retell-sdk 5.66.1 has 114 methods on 21 resources; call.stop is called by Call → Stop only.
		expect(all).toHaveLength(114);
		expect(new Set(all.map((method) => method.split('.')[0])).size).toBe(21);
		expect(sites.get('call.stop')).toEqual([expect.stringMatching(/^nodes\/Retell\/actions\/call\/stop\.operation\.ts:\d+$/)]);
	});

	it('has every SDK method implemented or excluded with a reason', () => {
		const decided = new Set([...implemented, ...Object.keys(EXCLUDED)]);
		expect(all.filter((method) => !decided.has(method))).toEqual([]);
	});

	it('lists no exclusion that is called after all, or that the SDK does not have', () => {
		const excluded = Object.keys(EXCLUDED);
		expect(excluded.filter((method) => called.has(method))).toEqual([]);
		expect(excluded.filter((method) => !all.includes(method))).toEqual([]);
	});

	it('gives each exclusion a one-line reason', () => {
		const badReasons = Object.entries(EXCLUDED).filter(([, reason]) => reason.trim().length < 20 || reason.includes('\n'));
		expect(badReasons).toEqual([]);
	});

	it(`implements at least ${MIN_COVERAGE * 100}% of the SDK (${implemented.length} of ${all.length} methods now)`, () => {
		expect(implemented.length / all.length).toBeGreaterThanOrEqual(MIN_COVERAGE);
	});
});
