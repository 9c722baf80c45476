import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toDataObject } from '../../../shared/dataObject';
import { getString } from '../../../shared/parameters';
import { apiReference } from '../../../shared/retell/docs';
import { retellRequest, type RetellClient } from '../../../shared/retell/transport';
import { binaryUpload } from '../../../shared/retell/uploads';
import { assertPresent } from '../../../shared/validation';
import { retellOperation } from '../node.type';

/** "The maximum upload size is 10 MB" (retell-sdk 5.66.1 resources/asset.d.ts, create). */
const MAX_ASSET_BYTES = 10 * 1_048_576;

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the file to upload',
		description:
			'An image (PNG, JPEG, GIF, WebP, SVG) or audio file (MP3, WAV, WebM, OGG, M4A, AAC, FLAC; at most 210 seconds), up to 10 MB',
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number, client: RetellClient): Promise<IDataObject> {
	const propertyName = assertPresent(this.getNode(), getString(this, 'binaryPropertyName', itemIndex), 'Input Binary Field', itemIndex);
	const file = await binaryUpload(this, itemIndex, propertyName, MAX_ASSET_BYTES);
	const asset = await retellRequest(this, client, async (retell) => await retell.asset.create({ file }), {
		kind: 'create',
		itemIndex,
	});
	return toDataObject(asset);
}

export const operation = retellOperation({
	resource: 'asset',
	operation: 'upload',
	option: {
		name: 'Upload',
		description:
			'Upload an image or audio file, e.g. on-hold music whose asset_id a warm transfer option plays (custom_on_hold_music_asset_id)',
		action: 'Upload an asset',
	},
	docsUrl: apiReference('create-asset'),
	properties,
	execute,
});
