import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withFiles, type FileResult } from '../../../shared/operation';
import { fieldReader, getCollection, getOption, getString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { callIdProperty, readCallId } from '../../../shared/retell/fields';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { downloadFile } from '../../../shared/retell/transport/download';
import { assertPresent } from '../../../shared/validation';
import { retellOperation } from '../node.type';

/** The call's recording fields (retell-sdk 5.66.1 `PhoneCallResponse`), each "available after the call ends". */
const RECORDINGS = {
	recording_url: { name: 'Recording', suffix: '' },
	recording_multi_channel_url: { name: 'Multichannel Recording', suffix: '-multichannel' },
	scrubbed_recording_url: { name: 'Scrubbed Recording', suffix: '-scrubbed' },
	scrubbed_recording_multi_channel_url: { name: 'Scrubbed Multichannel Recording', suffix: '-scrubbed-multichannel' },
} as const;

type RecordingField = keyof typeof RECORDINGS;
const RECORDING_FIELDS = Object.keys(RECORDINGS) as RecordingField[];

const EXTENSIONS: Record<string, string> = {
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/vnd.wave': 'wav',
	'audio/mpeg': 'mp3',
	'audio/ogg': 'ogg',
	'audio/webm': 'webm',
	'audio/mp4': 'm4a',
	'audio/flac': 'flac',
};

const SIGNED_URL_DOCS = 'https://docs.retellai.com/accounts/signed-secure-url';
const STORAGE_DOCS = 'https://docs.retellai.com/accounts/privacy-disable';

const properties: INodeProperties[] = [
	{ ...callIdProperty, description: 'The call whose recording to download, e.g. from Retell Trigger\'s call_analyzed event' },
	{
		displayName: 'Recording',
		name: 'recording',
		type: 'options',
		options: [
			{
				name: 'Multichannel Recording',
				value: 'recording_multi_channel_url',
				description: 'Each party in its own channel (recording_multi_channel_url)',
			},
			{ name: 'Recording', value: 'recording_url', description: 'Both parties in one channel (recording_url)' },
			{
				name: 'Scrubbed Multichannel Recording',
				value: 'scrubbed_recording_multi_channel_url',
				description: 'Each party in its own channel, without PII (scrubbed_recording_multi_channel_url)',
			},
			{
				name: 'Scrubbed Recording',
				value: 'scrubbed_recording_url',
				description:
					"Without PII (scrubbed_recording_url): calls of agents whose Data Storage Setting is Everything Except PII, with PII categories to scrub",
			},
		],
		default: 'recording_url',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.call_id }}.wav',
				description:
					'The name of the output file. Default: the call ID, a suffix for the other recordings (-multichannel, -scrubbed) and the extension storage gives, e.g. call_a1b2….wav.',
			},
		],
	},
];

function extensionOf(fileName: string | undefined, mimeType: string | undefined): string {
	const fromName = /\.([A-Za-z0-9]{1,5})$/.exec(fileName ?? '')?.[1];
	return fromName?.toLowerCase() ?? (mimeType ? EXTENSIONS[mimeType] : undefined) ?? 'wav';
}

/** Storage may label audio as a generic byte stream; the extension says better what it is. */
function mimeTypeOf(mimeType: string | undefined, extension: string): string {
	if (mimeType && mimeType !== 'application/octet-stream' && mimeType !== 'binary/octet-stream') return mimeType;
	return Object.entries(EXTENSIONS).find(([, ext]) => ext === extension)?.[0] ?? 'application/octet-stream';
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<FileResult> {
	const node = this.getNode();
	const callId = readCallId(this, itemIndex);
	const field = getOption(this, 'recording', RECORDING_FIELDS, itemIndex);
	const binaryProperty = assertPresent(node, getString(this, 'binaryPropertyName', itemIndex), 'Put Output File in Field', itemIndex);
	const options = fieldReader(node, itemIndex, getCollection(this, 'options', itemIndex));
	const kind = RECORDINGS[field].name;

	// Each get-call signs the URLs anew when the agent opts in to signed URLs (SIGNED_URL_DOCS), so the URL is fresh.
	const call = await retellRequest(this, client, async (retell) => await retell.call.retrieve(callId), {
		kind: 'read',
		itemIndex,
		resourceLabel: 'Call',
	});
	const status = call.call_status;
	if (status === 'registered' || status === 'ongoing') {
		throw new NodeOperationError(node, 'The call has not ended yet, so it has no recording', {
			description: `Its call_status is ${status}. Retell makes recordings available after the call ends: run this from Retell Trigger's call_ended or call_analyzed event, or later.`,
			itemIndex,
		});
	}
	if (status === 'not_connected') {
		throw new NodeOperationError(node, 'The call never connected, so it has no recording', {
			description: `Its call_status is not_connected${call.disconnection_reason ? ` (${call.disconnection_reason})` : ''}.`,
			itemIndex,
		});
	}
	const url = call[field];
	if (!url) {
		const available = RECORDING_FIELDS.filter((name) => call[name]).map((name) => `${RECORDINGS[name].name} (${name})`);
		if (call.data_storage_setting === 'basic_attributes_only' && available.length === 0) {
			throw new NodeOperationError(node, 'Retell keeps no recording of this call', {
				description: `Its data_storage_setting is basic_attributes_only: Retell stores no transcripts, recordings or logs of it (${STORAGE_DOCS}). Change the agent's Data Storage Setting for future calls; the recording_url in this call's webhook worked for about 10 minutes.`,
				itemIndex,
			});
		}
		const has = available.length > 0 ? `It has ${available.join(', ')}: pick one of them under Recording.` : 'It has no recording at all: the agent\'s data retention may have deleted it.';
		const scrubbedHint = field.startsWith('scrubbed_')
			? ` Scrubbed recordings exist for agents whose Data Storage Setting is Everything Except PII, with PII categories to scrub (pii_config) (${STORAGE_DOCS}).`
			: '';
		throw new NodeOperationError(node, `The call has no ${kind}`, {
			description: `Its data_storage_setting is ${call.data_storage_setting ?? 'not set'}. ${has}${scrubbedHint}`,
			itemIndex,
		});
	}

	const file = await downloadFile(this, url, {
		itemIndex,
		label: 'recording',
		whenExpired: `Retell's signed URLs expire: for agents with opt_in_signed_url after the agent's signed_url_expiration_ms (24 hours by default), and with a PII opt-out the webhook's link after about 10 minutes (${SIGNED_URL_DOCS}). This node asks Retell for a freshly signed URL on every run, so run it again; if the URL expires at once, raise the agent's signed_url_expiration_ms. To keep recordings, download them right after call_ended or call_analyzed.`,
		whenMissing: "Retell no longer stores it: the agent's data retention (data_storage_retention_days) or a deleted call removes recordings. To keep recordings, download them right after call_ended or call_analyzed.",
	});
	const extension = extensionOf(file.fileName, file.mimeType);
	const mimeType = mimeTypeOf(file.mimeType, extension);
	const fileName = options.string('fileName', 'File Name')?.trim() ?? `${callId}${RECORDINGS[field].suffix}.${extension}`;
	const binary = await this.helpers.prepareBinaryData(file.data, fileName, mimeType);
	return withFiles(
		{
			call_id: callId,
			recording: field,
			// n8n keeps only the base name of a path.
			file_name: binary.fileName ?? fileName,
			mime_type: mimeType,
			size_bytes: file.data.length,
			duration_ms: call.duration_ms ?? null,
		},
		{ [binaryProperty]: binary },
	);
}

export const operation = retellOperation({
	resource: 'call',
	operation: 'downloadRecording',
	option: {
		name: 'Download Recording',
		description: "Download the call's recording (or its multichannel or PII-scrubbed version) as a file",
		action: 'Download the recording of a call',
	},
	docsUrl: apiReference('get-call'),
	properties,
	execute,
});
