import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isDataObject } from '../../../shared/dataObject';
import { getString } from '../../../shared/parameters';
import { binaryUpload } from '../../../shared/retell/uploads';
import type { KnowledgeBaseAddSourcesParams } from '../../../shared/retell/transport/types';

type Sources = KnowledgeBaseAddSourcesParams;
type KnowledgeBaseText = NonNullable<Sources['knowledge_base_texts']>[number];

/** Retell accepts at most 25 files per request (https://docs.retellai.com/api-references/create-knowledge-base). */
const MAX_FILES = 25;

/** Texts, URLs and files: what Create and Add Sources both take. None of them is required. */
export const sourceProperties: INodeProperties[] = [
	{
		displayName: 'Texts',
		name: 'texts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Text',
		default: {},
		description: 'Documents written out here, each with a title',
		options: [
			{
				displayName: 'Text',
				name: 'text',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						placeholder: 'Opening hours',
					},
					{
						displayName: 'Text',
						name: 'text',
						type: 'string',
						typeOptions: { rows: 4 },
						default: '',
						placeholder: 'We are open Monday to Friday, 9am to 5pm.',
					},
				],
			},
		],
	},
	{
		displayName: 'URLs',
		name: 'urls',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'https://example.com/faq, https://example.com/pricing',
		description: 'Web pages Retell should read, separated by commas or new lines',
	},
	{
		displayName: 'Binary Properties',
		name: 'binaryPropertyNames',
		type: 'string',
		default: '',
		placeholder: 'data, attachment_0',
		description:
			'Comma-separated names of the input item\'s binary properties to upload as files (PDF, Word, text, …; up to 25 files of 50 MB). Leave empty for a knowledge base of texts and URLs only.',
	},
];

export async function readSources(context: IExecuteFunctions, itemIndex: number): Promise<Sources> {
	const sources: Sources = {};
	const texts = readTexts(context, itemIndex);
	if (texts.length > 0) sources.knowledge_base_texts = texts;
	const urls = splitList(getString(context, 'urls', itemIndex), /[\s,]+/);
	if (urls.length > 0) sources.knowledge_base_urls = urls;

	const propertyNames = splitList(getString(context, 'binaryPropertyNames', itemIndex), /,/);
	if (propertyNames.length > MAX_FILES) {
		throw new NodeOperationError(context.getNode(), `At most ${MAX_FILES} files can be uploaded at once`, {
			itemIndex,
		});
	}
	if (propertyNames.length > 0) {
		sources.knowledge_base_files = await Promise.all(
			propertyNames.map(async (propertyName) => await binaryUpload(context, itemIndex, propertyName)),
		);
	}
	return sources;
}

export function hasSources(sources: Sources): boolean {
	return Boolean(
		sources.knowledge_base_texts?.length || sources.knowledge_base_urls?.length || sources.knowledge_base_files?.length,
	);
}

function readTexts(context: IExecuteFunctions, itemIndex: number): KnowledgeBaseText[] {
	const texts = context.getNodeParameter('texts.text', itemIndex, []);
	if (!Array.isArray(texts)) return [];
	return texts.filter(isDataObject).flatMap((entry, index) => {
		const title = typeof entry.title === 'string' ? entry.title.trim() : '';
		const text = typeof entry.text === 'string' ? entry.text : '';
		if (!title && !text.trim()) return [];
		if (!title || !text.trim()) {
			throw new NodeOperationError(context.getNode(), `Text ${index + 1} needs both a title and a text`, {
				itemIndex,
			});
		}
		return [{ title, text }];
	});
}

function splitList(value: string, separator: RegExp): string[] {
	return value
		.split(separator)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}
