import type { INodeExecutionData } from 'n8n-workflow';

import { EMULATED_IDENTITY } from '../support/retell-emulator/routes/concurrency';
import { runError, useEmulator } from './helpers';

const env = useEmulator();

const requests = () => env.emulator.requests.map(({ method, path, query, status }) => ({ method, path, query, status }));

function fileItem(bytes: Buffer, mimeType: string, fileName: string): INodeExecutionData {
	return { json: {}, binary: { data: { data: bytes.toString('base64'), mimeType, fileName } } };
}

describe('Account → Get API Key Info', () => {
	it("answers the key's and the organization's names", async () => {
		const run = await env.run({ resource: 'account', operation: 'getApiKeyInfo' });

		expect(requests()).toEqual([{ method: 'GET', path: '/get-api-key-info', query: {}, status: 200 }]);
		expect(run.json()).toEqual([{ ...EMULATED_IDENTITY }]);
	});

	it('says which credential field to check when the key is wrong', async () => {
		const run = await env.run(
			{ resource: 'account', operation: 'getApiKeyInfo' },
			{ credentials: { retellApi: { apiKey: 'key_wrong', baseUrl: env.emulator.url } } },
		);

		expect(runError(run)).toMatchObject({ httpCode: '401', description: expect.stringContaining('API key'), itemIndex: 0 });
	});
});

describe('Export Request → Get Many', () => {
	function seedExports(count: number): string[] {
		return Array.from({ length: count }, (_, index) => {
			const id = `export_request_${String(index).padStart(3, '0')}`;
			env.emulator.state.exportRequests.set(id, {
				export_request_id: id,
				channel: index % 2 === 0 ? 'call' : 'chat',
				status: 'completed',
				created_timestamp: 1_780_000_000_000 + index,
				timezone: 'UTC',
				url: `https://exports.example/${id}.csv`,
			});
			env.emulator.state.registerCreated(id);
			return id;
		});
	}

	it('follows pagination_key through every page with Return All, newest first by default', async () => {
		const ids = seedExports(1203);
		const run = await env.run({ resource: 'exportRequest', operation: 'getAll', returnAll: true });

		expect(run.json().map((item) => item.export_request_id)).toEqual([...ids].reverse());
		expect(requests().map(({ path, query }) => `${path} limit=${query.limit} key=${query.pagination_key ?? '-'}`)).toEqual([
			'/v2/list-export-requests limit=1000 key=-',
			expect.stringMatching(/^\/v2\/list-export-requests limit=1000 key=\S+$/),
		]);
	});

	it('asks for only Limit items, in the chosen sort order', async () => {
		const ids = seedExports(5);
		const run = await env.run({ resource: 'exportRequest', operation: 'getAll', returnAll: false, limit: 2, options: { sortOrder: 'ascending' } });

		expect(requests()).toEqual([
			{ method: 'GET', path: '/v2/list-export-requests', query: { limit: '2', sort_order: 'ascending' }, status: 200 },
		]);
		expect(run.json().map((item) => item.export_request_id)).toEqual(ids.slice(0, 2));
	});
});

describe('Asset → Upload', () => {
	it('uploads the binary field as multipart and answers the asset Retell stored', async () => {
		const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(60, 1)]);
		const run = await env.run(
			{ resource: 'asset', operation: 'upload', binaryPropertyName: 'data' },
			{ input: [fileItem(wav, 'audio/wav', 'hold-music.wav')] },
		);

		expect(env.emulator.requests[0]).toMatchObject({
			method: 'POST',
			path: '/create-asset',
			status: 201,
			body: { file: [{ filename: 'hold-music.wav', size: 64, type: 'audio/wav' }] },
		});
		const [asset] = run.json();
		expect(asset).toMatchObject({ asset_id: expect.stringMatching(/^asset_/), file_name: 'hold-music.pcm', file_size: 64, content_type: 'audio/pcm' });
		const stored = await fetch(String(asset.url));
		expect(Buffer.from(await stored.arrayBuffer())).toEqual(wav);
	});

	it('refuses a file over 10 MB before uploading it', async () => {
		const run = await env.run(
			{ resource: 'asset', operation: 'upload', binaryPropertyName: 'data' },
			{ input: [fileItem(Buffer.alloc(10 * 1_048_576 + 1), 'image/png', 'huge.png')] },
		);

		expect(runError(run)).toMatchObject({ message: 'huge.png is 10.0 MB; Retell takes at most 10 MB', itemIndex: 0 });
		expect(requests()).toEqual([]);
	});

	it("passes on Retell's 400 for a file that is neither image nor audio", async () => {
		const run = await env.run(
			{ resource: 'asset', operation: 'upload', binaryPropertyName: 'data' },
			{ input: [fileItem(Buffer.from('%PDF-1.4'), 'application/pdf', 'menu.pdf')] },
		);

		expect(runError(run)).toMatchObject({ message: expect.stringContaining('Unsupported file type application/pdf'), httpCode: '400', itemIndex: 0 });
	});

	it('names the missing binary field', async () => {
		const run = await env.run({ resource: 'asset', operation: 'upload', binaryPropertyName: 'audio' }, { input: [{ json: {} }] });

		expect(run.error?.message).toMatch(/audio/);
		expect(requests()).toEqual([]);
	});
});
