import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import type { AgentUpdateParams } from 'retell-sdk/resources/agent';

import { getRetellClient, isNotFoundError, type RetellClient, retellRequest } from '../Retell/transport';
import type { TriggerMode } from './descriptions';
import { isCallEvent, isJsonObject } from './payloads';

/**
 * Retell has no webhook-subscription API: the only URLs a trigger can set are an agent's `webhook_url`
 * (+ `webhook_events`) and a phone number's `inbound_webhook_url`. Activation points them at this node
 * and remembers what was there; deactivation puts that back, unless someone changed it meanwhile.
 * https://docs.retellai.com/api-references/update-agent, https://docs.retellai.com/api-references/update-phone-number
 */

type WebhookEvents = NonNullable<AgentUpdateParams['webhook_events']>;

interface Target {
	kind: 'agent' | 'phoneNumber';
	id: string;
}

/** What a target's webhook settings are. `events` is only meaningful for agents (null: Retell's defaults). */
interface Endpoint {
	url: string | null;
	events: WebhookEvents | null;
}

interface SavedRegistration extends Target {
	/** The URL this node set; if the target shows another one later, someone else changed it. */
	url: string;
	previous: Endpoint;
}

const STATIC_KEY = 'registration';

const LABELS: Record<Target['kind'], string> = { agent: 'Agent', phoneNumber: 'Phone number' };

function wantedTarget(context: IHookFunctions): Target | undefined {
	const mode = context.getNodeParameter('mode') as TriggerMode;
	if (mode === 'customFunction') return undefined;
	const registration = context.getNodeParameter('registration', 'none') as string;
	if (mode === 'callEvents' && registration === 'agent') {
		return { kind: 'agent', id: context.getNodeParameter('agentId', undefined, { extractValue: true }) as string };
	}
	if (mode === 'inboundCall' && registration === 'phoneNumber') {
		return { kind: 'phoneNumber', id: context.getNodeParameter('phoneNumber', undefined, { extractValue: true }) as string };
	}
	return undefined;
}

function wantedEndpoint(context: IHookFunctions, target: Target): Endpoint & { url: string } {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new Error('n8n did not provide a webhook URL for the Retell Trigger');
	if (target.kind === 'phoneNumber') return { url, events: null };
	const events = (context.getNodeParameter('events', []) as unknown[]).filter(isCallEvent);
	return { url, events };
}

function asEvents(value: unknown): WebhookEvents | null {
	return Array.isArray(value) ? value.filter(isCallEvent) : null;
}

function readSaved(staticData: IDataObject): SavedRegistration | undefined {
	const saved = staticData[STATIC_KEY];
	if (!isJsonObject(saved) || !isJsonObject(saved.previous)) return undefined;
	const { kind, id, url, previous } = saved;
	if ((kind !== 'agent' && kind !== 'phoneNumber') || typeof id !== 'string' || typeof url !== 'string') return undefined;
	const previousUrl = typeof previous.url === 'string' ? previous.url : null;
	return { kind, id, url, previous: { url: previousUrl, events: asEvents(previous.events) } };
}

function save(staticData: IDataObject, registration: SavedRegistration): void {
	staticData[STATIC_KEY] = {
		kind: registration.kind,
		id: registration.id,
		url: registration.url,
		previous: { url: registration.previous.url, events: registration.previous.events },
	};
}

async function readEndpoint(context: IHookFunctions, client: RetellClient, target: Target): Promise<Endpoint> {
	const options = { kind: 'read', resourceLabel: LABELS[target.kind] } as const;
	if (target.kind === 'agent') {
		const agent = await retellRequest(context, client, async (retell) => await retell.agent.retrieve(target.id), options);
		return { url: agent.webhook_url ?? null, events: agent.webhook_events ?? null };
	}
	const number = await retellRequest(context, client, async (retell) => await retell.phoneNumber.retrieve(target.id), options);
	return { url: number.inbound_webhook_url ?? null, events: null };
}

async function writeEndpoint(context: IHookFunctions, client: RetellClient, target: Target, endpoint: Endpoint): Promise<void> {
	const options = { kind: 'write', resourceLabel: LABELS[target.kind] } as const;
	if (target.kind === 'agent') {
		await retellRequest(
			context,
			client,
			async (retell) => await retell.agent.update(target.id, { webhook_url: endpoint.url, webhook_events: endpoint.events }),
			options,
		);
		return;
	}
	await retellRequest(
		context,
		client,
		async (retell) => await retell.phoneNumber.update(target.id, { inbound_webhook_url: endpoint.url }),
		options,
	);
}

function sameEvents(a: WebhookEvents | null, b: WebhookEvents | null): boolean {
	const left = [...(a ?? [])].sort();
	const right = [...(b ?? [])].sort();
	return left.length === right.length && left.every((event, index) => event === right[index]);
}

/** Puts back what was there before this node, unless the URL is no longer the one this node set. */
async function restore(context: IHookFunctions, client: RetellClient, saved: SavedRegistration): Promise<void> {
	try {
		const current = await readEndpoint(context, client, saved);
		if (current.url !== saved.url) {
			context.logger.warn(
				`Retell Trigger: the webhook URL of ${LABELS[saved.kind].toLowerCase()} ${saved.id} was changed outside this workflow, so it is left as it is`,
			);
			return;
		}
		await writeEndpoint(context, client, saved, saved.previous);
	} catch (error) {
		if (!isNotFoundError(error)) throw error;
	}
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const target = wantedTarget(this);
	// Without registration the user pastes the URL: there is nothing to create.
	if (!target) return true;
	const wanted = wantedEndpoint(this, target);
	const current = await readEndpoint(this, await getRetellClient(this), target);
	return current.url === wanted.url && (target.kind !== 'agent' || sameEvents(current.events, wanted.events));
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const target = wantedTarget(this);
	if (!target) return true;
	const client = await getRetellClient(this);
	const staticData = this.getWorkflowStaticData('node');
	let saved = readSaved(staticData);
	if (saved && (saved.kind !== target.kind || saved.id !== target.id)) {
		await restore(this, client, saved);
		saved = undefined;
	}
	const wanted = wantedEndpoint(this, target);
	const current = await readEndpoint(this, client, target);
	// Our URL is already there (a second create, or pasted by hand): keep what we saved before, never our own URL.
	const previous = current.url === wanted.url ? (saved?.previous ?? { url: null, events: current.events }) : current;
	await writeEndpoint(this, client, target, wanted);
	save(staticData, { ...target, url: wanted.url, previous });
	return true;
}

export async function deleteRegistration(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const saved = readSaved(staticData);
	if (!saved) return true;
	await restore(this, await getRetellClient(this), saved);
	delete staticData[STATIC_KEY];
	return true;
}
