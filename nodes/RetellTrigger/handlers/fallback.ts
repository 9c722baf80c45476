import type { ServerResponse } from 'http';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { getBoolean, getCollection, getNumber, getRows, getString, locatorValue, rowString } from '../../shared/parameters';
import { buildFunctionResult, buildInboundResponse } from '../../shared/retell/responses';
import { responseBody } from '../../shared/retell/webhook';
import {
	type AnsweringMode,
	DEFAULT_FUNCTION_FALLBACK,
	FUNCTION_DEADLINE_MAX_S,
	INBOUND_DEADLINE_MAX_S,
} from '../descriptions/answerWithin';

/** Express's response, as n8n hands it to `webhook()` and later writes the workflow's answer to. */
interface ExpressReply extends ServerResponse {
	status(code: number): ExpressReply;
	json(body: unknown): ExpressReply;
	send(body: unknown): ExpressReply;
}

export interface FallbackAnswer {
	afterMs: number;
	/** Exactly what is sent: text goes out as text, anything else as JSON, as n8n sends an answer item. */
	body: unknown;
}

/**
 * The trigger's fallback for this request, built while the request is handled: once `webhook()` returns, n8n
 * may release the expression engine the parameters need (n8n 2.41 `live-webhooks.ts`).
 */
export function readFallback(context: IWebhookFunctions, mode: AnsweringMode): FallbackAnswer | undefined {
	if (!getBoolean(context, 'answerWithinLimit')) return undefined;
	const maxSeconds = mode === 'customFunction' ? FUNCTION_DEADLINE_MAX_S : INBOUND_DEADLINE_MAX_S;
	const seconds = Math.min(Math.max(getNumber(context, 'answerWithinSeconds') ?? 8, 0.5), maxSeconds);
	return { afterMs: Math.round(seconds * 1000), body: fallbackBody(context, mode) };
}

function fallbackBody(context: IWebhookFunctions, mode: AnsweringMode): unknown {
	if (mode === 'customFunction') {
		const { json } = buildFunctionResult(getString(context, 'fallbackResult') || DEFAULT_FUNCTION_FALLBACK);
		const field = getCollection(context, 'functionOptions').responseField;
		return responseBody(json, typeof field === 'string' ? field : undefined);
	}
	const variables: IDataObject = {};
	for (const row of getRows(context, 'fallbackVariables.variable')) {
		const name = rowString(row, 'name');
		if (name !== '') variables[name] = rowString(row, 'value');
	}
	const agentId = locatorValue(context.getNodeParameter('fallbackAgentId', ''));
	// Without override_agent_id Retell keeps the number's own inbound agent: the call is answered as if no
	// webhook were set (https://docs.retellai.com/features/inbound-call-webhook).
	const answer = buildInboundResponse(
		{ dynamic_variables: variables, ...(agentId ? { override_agent_id: agentId } : {}) },
		mode === 'inboundCall' ? 'call_inbound' : 'chat_inbound',
	);
	return answer.ok ? answer.value : undefined;
}

/**
 * Sends the fallback if n8n has not answered when the time is up, and lets the workflow run on. n8n writes the
 * workflow's answer to this same response later without checking whether one was sent; Express would then throw
 * "Cannot set headers after they are sent", n8n would log it and destroy the socket, which Retell may be reusing
 * for its next request. So after the fallback the response ignores every further write.
 */
export function armFallback(context: IWebhookFunctions, fallback: FallbackAnswer): void {
	const reply: ExpressReply = context.getResponseObject();
	const logger = context.logger;
	const nodeName = context.getNode().name;
	const timer = setTimeout(() => {
		if (reply.headersSent || reply.writableEnded || reply.destroyed) return;
		reply.status(200);
		if (typeof fallback.body === 'string') reply.send(fallback.body);
		else reply.json(fallback.body);
		ignoreFurtherWrites(reply);
		logger.warn(
			`${nodeName} sent its fallback answer after ${fallback.afterMs / 1000} s; the workflow keeps running and its own answer will not reach Retell`,
		);
	}, fallback.afterMs);
	const disarm = () => clearTimeout(timer);
	reply.once('finish', disarm);
	reply.once('close', disarm);
}

function ignoreFurtherWrites(reply: ExpressReply): void {
	const same = () => reply;
	Object.assign(reply, {
		status: same,
		json: same,
		send: same,
		sendStatus: same,
		set: same,
		header: same,
		type: same,
		contentType: same,
		append: same,
		setHeader: same,
		setHeaders: same,
		writeHead: same,
		removeHeader: () => undefined,
		flushHeaders: () => undefined,
		write: () => true,
		end: (...args: unknown[]) => {
			const done = args.find((arg): arg is () => void => typeof arg === 'function');
			if (done) process.nextTick(done);
			return reply;
		},
	});
}
