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
export type { Uploadable } from 'retell-sdk';
export type { AssetCreateParams } from 'retell-sdk/resources/asset';
export type { ChatAgentResponse } from 'retell-sdk/resources/chat-agent';
export type { AgentCreateVersionParams, AgentDeleteVersionParams } from 'retell-sdk/resources/agent';
export type {
	ChatCreateChatCompletionParams,
	ChatCreateParams,
	ChatCreateSMSChatParams,
	ChatListParams,
	ChatUpdateParams,
} from 'retell-sdk/resources/chat';
export type {
	ChatAgentCreateParams,
	ChatAgentListParams,
	ChatAgentUpdateParams,
} from 'retell-sdk/resources/chat-agent';
export type { CallRegisterPhoneCallParams, CallTakeOverLiveParams, CallUpdateLiveParams } from 'retell-sdk/resources/call';
export type { VoiceAddResourceParams, VoiceCloneParams, VoiceSearchParams } from 'retell-sdk/resources/voice';
export type {
	TestCaseJobResponse,
	TestCreateBatchTestParams,
	TestCreateTestCaseDefinitionParams,
	TestListBatchTestsParams,
	TestListTestCaseDefinitionsParams,
	TestUpdateTestCaseDefinitionParams,
} from 'retell-sdk/resources/tests';
export type { AppCreateParams, AppUpdateParams } from 'retell-sdk/resources/app';
export type { CRMGetSchemaParams, CRMGetSyncJobStatusResponse, CRMUpdateConfigParams } from 'retell-sdk/resources/crm';
export type {
	ConversationFlowCreateParams,
	ConversationFlowListParams,
	ConversationFlowResponse,
	ConversationFlowUpdateParams,
} from 'retell-sdk/resources/conversation-flow';
export type {
	ConversationFlowComponentCreateParams,
	ConversationFlowComponentListParams,
	ConversationFlowComponentUpdateParams,
} from 'retell-sdk/resources/conversation-flow-component';
export type {
	ContactBackfillAnalysisDataParams,
	ContactCreateImportParams,
	ContactCreateParams,
	ContactListParams,
	ContactUpdateParams,
} from 'retell-sdk/resources/contact';
export type { AgentRepairParams } from 'retell-sdk/resources/agent';
export type { McpToolGetMcpToolsParams } from 'retell-sdk/resources/mcp-tool';
export type { PlaygroundCompletionParams } from 'retell-sdk/resources/playground';
