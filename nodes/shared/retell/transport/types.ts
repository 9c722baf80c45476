// Type-only re-exports: code outside the transport names retell-sdk's types through here and never
// imports the SDK itself, so the SDK stays loaded lazily from exactly one module.
export type {
	CallCreatePhoneCallParams,
	CallCreateWebCallParams,
	CallListParams,
	CallUpdateParams,
} from 'retell-sdk/resources/call';
export type { BatchCallCreateBatchCallParams } from 'retell-sdk/resources/batch-call';
export type {
	AgentCreateParams,
	AgentListParams,
	AgentPublishParams,
	AgentResponse,
	AgentUpdateParams,
} from 'retell-sdk/resources/agent';
export type { LlmCreateParams, LlmUpdateParams } from 'retell-sdk/resources/llm';
export type {
	KnowledgeBaseAddSourcesParams,
	KnowledgeBaseCreateParams,
	KnowledgeBaseResponse,
} from 'retell-sdk/resources/knowledge-base';
export type {
	PhoneNumberCreateParams,
	PhoneNumberImportParams,
	PhoneNumberResponse,
	PhoneNumberUpdateParams,
} from 'retell-sdk/resources/phone-number';
