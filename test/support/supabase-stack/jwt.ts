import { createHmac, randomBytes, randomUUID } from 'node:crypto';

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** HS256 JWT, the format of Supabase's legacy anon / service_role keys and of user access tokens. */
export function signJwt(payload: Record<string, unknown>, secret: string): string {
	const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const body = base64url(JSON.stringify(payload));
	const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
	return `${header}.${body}.${signature}`;
}

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

function claims(role: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	const iat = Math.floor(Date.now() / 1000);
	return { iss: 'supabase', role, iat, exp: iat + TEN_YEARS_S, ...extra };
}

export const mintAnonKey = (secret: string): string => signJwt(claims('anon'), secret);

export const mintServiceRoleKey = (secret: string): string => signJwt(claims('service_role'), secret);

/** A signed-in user's access token: role authenticated, sub = the user's id (auth.uid()). */
export const mintUserToken = (secret: string, userId: string): string =>
	signJwt(claims('authenticated', { sub: userId, aud: 'authenticated' }), secret);

/** PostgREST needs at least 32 characters for an HS256 secret. */
export const newJwtSecret = (): string => randomBytes(32).toString('hex');

export interface SupabaseKeys {
	anonKey: string;
	serviceRoleKey: string;
	authenticatedKey: string;
	authenticatedUserId: string;
}

export function mintSupabaseKeys(secret: string, userId: string = randomUUID()): SupabaseKeys {
	return {
		anonKey: mintAnonKey(secret),
		serviceRoleKey: mintServiceRoleKey(secret),
		authenticatedKey: mintUserToken(secret, userId),
		authenticatedUserId: userId,
	};
}
