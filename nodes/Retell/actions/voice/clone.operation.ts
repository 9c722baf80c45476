import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getOption, getString } from '../../../shared/parameters';
import { retellRequest, toUploadable, type RetellClient } from '../../../shared/retell/transport';
import { apiReference } from '../../../shared/retell/docs';
import { retellOperation } from '../node.type';
import { CLONE_PROVIDERS, providerProperty, readVoiceName, voiceNameProperty, type VoiceCloneParams } from './providers';

type CloneProvider = VoiceCloneParams['voice_provider'];

const properties: INodeProperties[] = [
	voiceNameProperty,
	providerProperty(
		CLONE_PROVIDERS,
		'Who makes the clone. Cartesia and MiniMax clone from one file, Inworld from up to 3, the others from up to 25.',
	),
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyNames',
		type: 'string',
		required: true,
		default: 'data',
		placeholder: 'data, sample_2',
		description:
			'Comma-separated names of the input item\'s binary fields holding the recordings of the voice (e.g. from Read/Write Files from Disk or an HTTP Request), one file each',
	},
];

/** "Up to 25 files allowed. For Cartesia and MiniMax, only 1 file is supported. For Inworld, up to 3" (SDK 5.66.1 VoiceCloneParams.files). */
function maxFiles(provider: CloneProvider): number {
	if (provider === 'cartesia' || provider === 'minimax') return 1;
	if (provider === 'inworld') return 3;
	return 25;
}

function readPropertyNames(context: IExecuteFunctions, provider: CloneProvider, itemIndex: number): string[] {
	const names = getString(context, 'binaryPropertyNames', itemIndex)
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	if (names.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Input Binary Fields is required', {
			itemIndex,
			description: 'Name at least one binary field of the input item that holds a recording, e.g. data.',
		});
	}
	if (names.length > maxFiles(provider)) {
		throw new NodeOperationError(
			context.getNode(),
			`Input Binary Fields names ${names.length} files; this provider clones from at most ${maxFiles(provider)}`,
			{ itemIndex },
		);
	}
	return names;
}

async function readFiles(context: IExecuteFunctions, names: string[], itemIndex: number): Promise<VoiceCloneParams['files']> {
	return await Promise.all(
		names.map(async (name) => {
			const binary = context.helpers.assertBinaryData(itemIndex, name);
			const data = await context.helpers.getBinaryDataBuffer(itemIndex, name);
			return await toUploadable(data, binary.fileName ?? `${name}.${binary.fileExtension ?? 'bin'}`, binary.mimeType);
		}),
	);
}

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const provider = getOption(this, 'voiceProvider', CLONE_PROVIDERS, itemIndex);
	const voiceName = readVoiceName(this, itemIndex);
	const files = await readFiles(this, readPropertyNames(this, provider, itemIndex), itemIndex);
	const body: VoiceCloneParams = { files, voice_name: voiceName, voice_provider: provider };

	const voice = await retellRequest(this, client, async (retell) => await retell.voice.clone(body), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(voice);
}

export const operation = retellOperation({
	resource: 'voice',
	operation: 'clone',
	option: {
		name: 'Clone',
		description:
			'Create a new voice in your account from recordings of someone speaking (binary files of the input item), only with the consent of the person speaking; agents can then speak with its voice_id',
		action: 'Clone a voice',
	},
	docsUrl: apiReference('clone-voice'),
	properties,
	execute,
});
