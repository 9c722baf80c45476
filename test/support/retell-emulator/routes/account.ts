import type { AssetCreateResponse } from 'retell-sdk/resources/asset';
import type { ExportRequestListResponse } from 'retell-sdk/resources/export-request';
import { badRequest } from '../errors';
import { created, ok, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';

/** "Up to 10 MB", images and audio only (retell-sdk 5.66.1 resources/asset.d.ts, create). */
const MAX_ASSET_BYTES = 10 * 1_048_576;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml']);
const AUDIO_EXTENSIONS = /\.(mp3|wav|webm|ogg|m4a|aac|flac)$/i;

function listExportRequests({ query, core }: RouteContext): Reply<ExportRequestListResponse> {
	const { exportRequests } = core.state;
	return ok(
		paginate(
			exportRequests.values(),
			parsePageRequest(query, { keyStyle: core.options.paginationKeys }),
			(request) => core.state.seqOf(request.export_request_id ?? ''),
			(request) => request.export_request_id ?? '',
		),
	);
}

/**
 * create-asset takes one multipart `file`. Audio "is normalized to headerless mono PCM16 at 24 kHz" and stored with a
 * `.pcm` name (SDK asset.d.ts): the emulator renames it so and keeps the bytes; it does not transcode.
 */
function createAsset({ multipart, core }: RouteContext): Reply<AssetCreateResponse> {
	const file = multipart?.files.file?.[0];
	if (!file) throw badRequest('file is required.');
	if (file.size > MAX_ASSET_BYTES) throw badRequest('The file is larger than 10 MB.');
	const audio = file.type.startsWith('audio/') || AUDIO_EXTENSIONS.test(file.filename);
	if (!audio && !IMAGE_TYPES.has(file.type)) throw badRequest(`Unsupported file type ${file.type || 'unknown'}: upload an image or audio file.`);
	const assetId = newId('asset_');
	const contentType = audio ? 'audio/pcm' : file.type;
	core.state.files.set(assetId, { contentType, data: file.data });
	return created({
		asset_id: assetId,
		content_type: contentType,
		created_timestamp: Date.now(),
		file_name: audio ? file.filename.replace(/\.[^.]*$/, '') + '.pcm' : file.filename,
		file_size: file.size,
		url: `${core.baseUrl()}/_emulator/files/${assetId}`,
	});
}

export const accountRoutes: Route[] = [
	{ method: 'GET', path: '/v2/list-export-requests', handler: listExportRequests },
	{ method: 'POST', path: '/create-asset', handler: createAsset },
];
