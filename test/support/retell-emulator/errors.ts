// Retell answers every documented error with {"status":"error","message":...} (retell-api.md §8).
export interface RetellErrorBody {
	status: 'error';
	message: string;
}

export const MESSAGES = {
	badRequest: 'Invalid request format, please check API reference.',
	unauthorized: 'API key is missing or invalid.',
	paymentRequired: 'Trial has ended, please add payment method.',
	forbidden: 'Forbidden',
	notFound: 'The requested resource was not found.',
	assetNotFound: 'Cannot find requested asset under given api key.',
	preconditionFailed: 'Precondition failed for conditional update.',
	rateLimited: 'Account rate limited, please throttle your requests.',
	internal: 'An unexpected server error occurred.',
	deprecatedPhoneFields: 'Deprecated API usage is no longer supported: Phone number single-agent fields.',
} as const;

const DEFAULT_BY_STATUS: Record<number, string> = {
	400: MESSAGES.badRequest,
	401: MESSAGES.unauthorized,
	402: MESSAGES.paymentRequired,
	403: MESSAGES.forbidden,
	404: MESSAGES.notFound,
	412: MESSAGES.preconditionFailed,
	422: MESSAGES.assetNotFound,
	429: MESSAGES.rateLimited,
};

export function defaultMessage(status: number): string {
	return DEFAULT_BY_STATUS[status] ?? (status >= 500 ? MESSAGES.internal : `HTTP ${status}`);
}

export function errorBody(message: string): RetellErrorBody {
	return { status: 'error', message };
}

export class RetellHttpError extends Error {
	constructor(
		readonly status: number,
		message: string = defaultMessage(status),
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'RetellHttpError';
	}
}

/** 400 with Retell's generic text, followed by what exactly was wrong. */
export function badRequest(detail?: string): RetellHttpError {
	return new RetellHttpError(400, detail ? `${MESSAGES.badRequest} ${detail}` : MESSAGES.badRequest);
}

/** Not-found on the older resources (agents, calls, numbers, LLMs, voices, KBs) is a 422. */
export function assetNotFound(): RetellHttpError {
	return new RetellHttpError(422, MESSAGES.assetNotFound);
}

export function routeNotFound(detail?: string): RetellHttpError {
	return new RetellHttpError(404, detail ? `${MESSAGES.notFound} ${detail}` : MESSAGES.notFound);
}
