import { templatePattern, type Operation } from './openApiSchema';

/**
 * Endpoints of this area the OpenAPI description lacks, written from retell-sdk 5.66.1's types: `chat.delete` and
 * `chat.rerunAnalysis` take only the chat id in the path, no query and no body (resources/chat.js).
 */
export function chatSdkOperations(): Operation[] {
	const pathOnly = (method: string, template: string): Operation => ({
		method,
		template,
		pattern: templatePattern(template),
		parameters: [],
		source: 'retell-sdk 5.66.1 types',
	});
	return [pathOnly('DELETE', '/delete-chat/{chat_id}'), pathOnly('PUT', '/rerun-chat-analysis/{chat_id}')];
}
