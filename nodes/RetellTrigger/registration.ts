import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject } from '../shared/dataObject';
import { isCallEvent, isChatEvent } from '../shared/retell/events';
import { getRetellClient, isNotFoundError, type RetellClient, retellRequest } from '../shared/retell/transport';
import { listAll } from '../shared/retell/transport/pages';
import { publishAgentVersion, type AgentChannel } from '../shared/retell/transport/checkedWrite';
import { bindingsOf, planAgentRegistration, type RegistrationPlan } from './agentVersions';
import { TRIGGER_MODES } from './descriptions';
import { getBoolean, getList, getOption, getResourceId, getString } from '../shared/parameters';

/**
 * Retell has no webhook-subscription API: the only URLs a trigger can set are a voice or chat agent's `webhook_url`
 * (+ `webhook_events`) and a phone number's `inbound_webhook_url` (calls) or `inbound_sms_webhook_url` (SMS).
 * Activation points them at this node and remembers what was there; deactivation puts that back, unless someone
 * changed it meanwhile.
 * https://docs.retellai.com/api-references/update-agent, https://docs.retellai.com/api-references/update-phone-number
 *
 * Agents have versions, and published ones cannot change (https://docs.retellai.com/agent/version): the URL goes on a
 * draft (the latest version, or a new draft made from it), which is published when the user asks for it. Activation
 * fails, before anything changes, when a phone number bound to the agent would run another version.
 */

interface Target {
	/** `smsNumber`: the same phone number, for its inbound SMS webhook. */
	kind: 'agent' | 'chatAgent' | 'phoneNumber' | 'smsNumber';
	id: string;
}

type NumberTarget = Target & { kind: 'phoneNumber' | 'smsNumber' };
type AgentTarget = Target & { kind: 'agent' | 'chatAgent' };

function isNumberTarget(target: Target): target is NumberTarget {
	return target.kind === 'phoneNumber' || target.kind === 'smsNumber';
}

function agentTarget(target: Target): AgentTarget | undefined {
	return target.kind === 'agent' || target.kind === 'chatAgent' ? { kind: target.kind, id: target.id } : undefined;
}

function channelOf(target: AgentTarget): AgentChannel {
	return target.kind === 'chatAgent' ? 'chat' : 'voice';
}

/**
 * What a target's webhook settings are. `events` is only meaningful for agents (null: Retell's defaults): call events
 * for a voice agent, chat events for a chat agent.
 */
interface Endpoint {
	url: string | null;
	events: string[] | null;
}

interface SavedRegistration extends Target {
	/** The URL this node set; if the target shows another one later, someone else changed it. */
	url: string;
	previous: Endpoint;
	/** Agents: the version that holds the URL (absent in registrations saved before versions were handled). */
	version?: number;
	/** Agents: whether this node published that version, so deactivation publishes the restored one. */
	published?: boolean;
}

const STATIC_KEY = 'registration';

const LABELS: Record<Target['kind'], string> = { agent: 'Agent', chatAgent: 'Chat agent', phoneNumber: 'Phone number', smsNumber: 'Phone number' };

function isTargetKind(value: unknown): value is Target['kind'] {
	return typeof value === 'string' && Object.hasOwn(LABELS, value);
}

function wantedTarget(context: IHookFunctions): Target | undefined {
	const mode = getOption(context, 'mode', TRIGGER_MODES);
	if (mode === 'customFunction') return undefined;
	const registration = getString(context, 'registration');
	if (mode === 'callEvents' && registration === 'agent') {
		return { kind: 'agent', id: getResourceId(context, 'agentId', 0, 'Agent') };
	}
	if (mode === 'chatEvents' && registration === 'chatAgent') {
		return { kind: 'chatAgent', id: getResourceId(context, 'chatAgentId', 0, 'Chat Agent') };
	}
	if (mode === 'inboundCall' && registration === 'phoneNumber') {
		return { kind: 'phoneNumber', id: getResourceId(context, 'phoneNumber', 0, 'Phone Number') };
	}
	if (mode === 'inboundSms' && registration === 'phoneNumber') {
		return { kind: 'smsNumber', id: getResourceId(context, 'phoneNumber', 0, 'Phone Number') };
	}
	return undefined;
}

function wantedEndpoint(context: IHookFunctions, target: Target): Endpoint & { url: string } {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new Error('n8n did not provide a webhook URL for the Retell Trigger');
	if (isNumberTarget(target)) return { url, events: null };
	const logged = target.kind === 'agent' && getBoolean(context, 'logEvents') ? getList(context, 'loggedEvents') : [];
	const events = [...new Set([...getList(context, 'events'), ...logged])].filter(target.kind === 'chatAgent' ? isChatEvent : isCallEvent);
	return { url, events };
}

function asEvents(value: unknown): string[] | null {
	return Array.isArray(value) ? value.filter((event) => isCallEvent(event) || isChatEvent(event)) : null;
}

function readSaved(staticData: IDataObject): SavedRegistration | undefined {
	const saved = staticData[STATIC_KEY];
	if (!isDataObject(saved) || !isDataObject(saved.previous)) return undefined;
	const { kind, id, url, previous, version, published } = saved;
	if (!isTargetKind(kind) || typeof id !== 'string' || typeof url !== 'string') return undefined;
	const previousUrl = typeof previous.url === 'string' ? previous.url : null;
	return {
		kind,
		id,
		url,
		previous: { url: previousUrl, events: asEvents(previous.events) },
		...(typeof version === 'number' ? { version, published: published === true } : {}),
	};
}

function save(staticData: IDataObject, registration: SavedRegistration): void {
	staticData[STATIC_KEY] = {
		kind: registration.kind,
		id: registration.id,
		url: registration.url,
		previous: { url: registration.previous.url, events: registration.previous.events },
		...(registration.version === undefined ? {} : { version: registration.version, published: registration.published === true }),
	};
}

/** An agent's webhook settings in one version (the latest when `version` is absent), and whether it is published. */
async function readAgent(context: IHookFunctions, client: RetellClient, target: AgentTarget, version?: number) {
	const query = version === undefined ? undefined : { version };
	const agent = await retellRequest(
		context,
		client,
		async (retell) =>
			target.kind === 'chatAgent' ? await retell.chatAgent.retrieve(target.id, query) : await retell.agent.retrieve(target.id, query),
		{ kind: 'read', resourceLabel: LABELS[target.kind] },
	);
	return { url: agent.webhook_url ?? null, events: agent.webhook_events ?? null, version: agent.version, published: agent.is_published === true };
}

async function readNumberEndpoint(context: IHookFunctions, client: RetellClient, target: NumberTarget): Promise<Endpoint> {
	const number = await retellRequest(context, client, async (retell) => await retell.phoneNumber.retrieve(target.id), {
		kind: 'read',
		resourceLabel: LABELS.phoneNumber,
	});
	const url = target.kind === 'smsNumber' ? number.inbound_sms_webhook_url : number.inbound_webhook_url;
	return { url: url ?? null, events: null };
}

async function writeEndpoint(context: IHookFunctions, client: RetellClient, target: Target, endpoint: Endpoint, version?: number): Promise<void> {
	const options = { kind: 'write', resourceLabel: LABELS[target.kind] } as const;
	const query = version === undefined ? {} : { version };
	if (target.kind === 'agent') {
		const changes = { webhook_url: endpoint.url, webhook_events: endpoint.events?.filter(isCallEvent) ?? null, ...query };
		await retellRequest(context, client, async (retell) => await retell.agent.update(target.id, changes), options);
		return;
	}
	if (target.kind === 'chatAgent') {
		const changes = { webhook_url: endpoint.url, webhook_events: endpoint.events?.filter(isChatEvent) ?? null, ...query };
		await retellRequest(context, client, async (retell) => await retell.chatAgent.update(target.id, changes), options);
		return;
	}
	const change = target.kind === 'smsNumber' ? { inbound_sms_webhook_url: endpoint.url } : { inbound_webhook_url: endpoint.url };
	await retellRequest(context, client, async (retell) => await retell.phoneNumber.update(target.id, change), options);
}

/** A new draft of the agent, copied from `baseVersion` (https://docs.retellai.com/api-references/create-agent-version). */
async function newDraft(context: IHookFunctions, client: RetellClient, target: AgentTarget, baseVersion: number): Promise<number> {
	const body = { base_version: baseVersion };
	const draft = await retellRequest(
		context,
		client,
		async (retell) =>
			target.kind === 'chatAgent' ? await retell.chatAgent.createVersion(target.id, body) : await retell.agent.createVersion(target.id, body),
		{ kind: 'create', resourceLabel: LABELS[target.kind] },
	);
	if (draft.version === undefined) throw new NodeOperationError(context.getNode(), `Retell made a draft of agent ${target.id} without a version number`);
	return draft.version;
}

async function publishVersion(context: IHookFunctions, client: RetellClient, target: AgentTarget, version: number): Promise<void> {
	const body = { version, version_title: 'Retell Trigger webhook' };
	await publishAgentVersion(context, client, target.id, body, { resourceLabel: LABELS[target.kind] }, channelOf(target));
}

/** The agent's versions and its phone-number bindings (SMS bindings for a chat agent), and what registering on it would reach. */
async function planFor(context: IHookFunctions, client: RetellClient, target: AgentTarget, publish: boolean): Promise<RegistrationPlan> {
	const versions = await listAll(context, client, async (retell, page) => await retell.agent.listVersions(target.id, page), {
		resourceLabel: LABELS[target.kind],
	});
	const numbers = await listAll(context, client, async (retell, page) => await retell.phoneNumber.list(page), {});
	return planAgentRegistration(
		versions.map((v) => ({ version: v.version, is_published: v.is_published })),
		bindingsOf(target.id, numbers, channelOf(target)),
		publish,
	);
}

function unreachedError(context: IHookFunctions, target: AgentTarget, plan: RegistrationPlan, publish: boolean): NodeOperationError {
	const where = plan.target.kind === 'draft' ? `draft version ${plan.target.version}` : `a new draft of version ${plan.target.baseVersion}`;
	const numbers = plan.unreached.map((binding) => `${binding.phone_number} (${binding.direction}: ${binding.runs})`).join(', ');
	const what = target.kind === 'chatAgent' ? 'SMS' : 'Calls';
	const fix = publish
		? 'Bind those numbers to "latest_published" or "latest" in Retell (Phone Numbers), then activate again.'
		: 'Turn on Publish Agent Version and bind those numbers to "latest_published" (or to "latest"), then activate again. Or choose Register On: None and set the URL in Retell yourself.';
	return new NodeOperationError(context.getNode(), `${what} on some phone numbers would not reach this workflow`, {
		description: `The webhook URL would go on ${where} of agent ${target.id}${publish ? ', then be published' : ''}, but these numbers run another version: ${numbers}. Published versions cannot change (https://docs.retellai.com/agent/version). ${fix}`,
	});
}

function sameEvents(a: string[] | null, b: string[] | null): boolean {
	const left = [...(a ?? [])].sort();
	const right = [...(b ?? [])].sort();
	return left.length === right.length && left.every((event, index) => event === right[index]);
}

/** Puts back what was there before this node, unless the URL is no longer the one this node set. */
async function restore(context: IHookFunctions, client: RetellClient, saved: SavedRegistration): Promise<void> {
	try {
		if (isNumberTarget(saved)) {
			const current = await readNumberEndpoint(context, client, saved);
			if (current.url === saved.url) await writeEndpoint(context, client, saved, saved.previous);
			else warnChangedElsewhere(context, saved);
			return;
		}
		const agent = agentTarget(saved);
		if (!agent) return;
		const current = await readAgent(context, client, agent, saved.version);
		if (current.url !== saved.url) {
			warnChangedElsewhere(context, saved);
			return;
		}
		if (saved.version === undefined || !current.published) {
			await writeEndpoint(context, client, saved, saved.previous, saved.version);
			return;
		}
		// The version holding the URL is published and cannot change: the previous URL goes on a new draft from it.
		const draft = await newDraft(context, client, agent, saved.version);
		await writeEndpoint(context, client, saved, saved.previous, draft);
		if (saved.published) await publishVersion(context, client, agent, draft);
		else {
			context.logger.warn(
				`Retell Trigger: version ${saved.version} of agent ${saved.id}, published outside this workflow, keeps this workflow's URL; the previous URL is on draft version ${draft}`,
			);
		}
	} catch (error) {
		if (!isNotFoundError(error)) throw error;
	}
}

function warnChangedElsewhere(context: IHookFunctions, saved: SavedRegistration): void {
	context.logger.warn(
		`Retell Trigger: the webhook URL of ${LABELS[saved.kind].toLowerCase()} ${saved.id} was changed outside this workflow, so it is left as it is`,
	);
}

function wantsPublishing(context: IHookFunctions): boolean {
	return getBoolean(context, 'publishAgentVersion');
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const target = wantedTarget(this);
	// Without registration the user pastes the URL: there is nothing to create.
	if (!target) return true;
	const wanted = wantedEndpoint(this, target);
	const client = await getRetellClient(this);
	if (isNumberTarget(target)) return (await readNumberEndpoint(this, client, target)).url === wanted.url;
	const agent = agentTarget(target);
	if (!agent) return true;
	const current = await readAgent(this, client, agent);
	return current.url === wanted.url && sameEvents(current.events, wanted.events) && (current.published || !wantsPublishing(this));
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
	if (isNumberTarget(target)) {
		const current = await readNumberEndpoint(this, client, target);
		const previous = current.url === wanted.url ? (saved?.previous ?? { url: null, events: null }) : current;
		await writeEndpoint(this, client, target, wanted);
		save(staticData, { ...target, url: wanted.url, previous });
		return true;
	}

	const agent = agentTarget(target);
	if (!agent) return true;
	const publish = wantsPublishing(this);
	const plan = await planFor(this, client, agent, publish);
	if (plan.unreached.length > 0) throw unreachedError(this, agent, plan, publish);
	const version = plan.target.kind === 'draft' ? plan.target.version : await newDraft(this, client, agent, plan.target.baseVersion);
	const current = await readAgent(this, client, agent, version);
	// Our URL is already there (a second create, or pasted by hand): keep what we saved before, never our own URL.
	const previous =
		current.url === wanted.url ? (saved?.previous ?? { url: null, events: current.events }) : { url: current.url, events: current.events };
	await writeEndpoint(this, client, target, wanted, version);
	if (publish) await publishVersion(this, client, agent, version);
	save(staticData, { ...target, url: wanted.url, previous, version, published: publish });
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
