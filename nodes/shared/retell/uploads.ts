import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toUploadable } from './transport';
import type { Uploadable } from './transport/types';

/**
 * One binary property of the input item as a file retell-sdk can upload (knowledge base files, voice samples, assets,
 * contact imports). `maxBytes` refuses what Retell would refuse, before the upload is sent.
 */
export async function binaryUpload(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	maxBytes?: number,
): Promise<Uploadable> {
	const binary = context.helpers.assertBinaryData(itemIndex, propertyName);
	const data = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	const fileName = binary.fileName ?? `${propertyName}.${binary.fileExtension ?? 'bin'}`;
	if (maxBytes !== undefined && data.length > maxBytes) {
		throw new NodeOperationError(
			context.getNode(),
			`${fileName} is ${(data.length / 1_048_576).toFixed(1)} MB; Retell takes at most ${maxBytes / 1_048_576} MB`,
			{ itemIndex },
		);
	}
	return await toUploadable(data, fileName, binary.mimeType);
}
