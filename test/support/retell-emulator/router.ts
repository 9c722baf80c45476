import { badRequest } from './errors';
import type { Route } from './http';

interface Compiled {
	route: Route;
	segments: string[];
}

export interface RouteMatch {
	route: Route;
	params: Record<string, string>;
}

/**
 * Matches raw request paths against `/get-agent/:agent_id` patterns. Each parameter is percent-decoded on its
 * own, so `/get-phone-number/+14155550100` (the SDK leaves `+` as is) and `/get-phone-number/%2B14155550100`
 * (other clients) both give `+14155550100`.
 */
export class Router {
	private readonly compiled: Compiled[];

	constructor(routes: Route[]) {
		this.compiled = routes.map((route) => ({ route, segments: route.path.split('/') }));
	}

	match(method: string, rawPath: string): RouteMatch | undefined {
		const segments = rawPath.split('/');
		for (const { route, segments: pattern } of this.compiled) {
			if (route.method !== method || pattern.length !== segments.length) continue;
			const params: Record<string, string> = {};
			let matched = true;
			for (let i = 0; i < pattern.length && matched; i++) {
				const expected = pattern[i]!;
				const actual = segments[i]!;
				if (expected.startsWith(':')) {
					if (actual === '') matched = false;
					else params[expected.slice(1)] = decodeSegment(actual);
				} else if (expected !== actual) {
					matched = false;
				}
			}
			if (matched) return { route, params };
		}
		return undefined;
	}
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		throw badRequest(`Malformed path segment ${segment}.`);
	}
}
