import type { ConversationFlowCreateParams } from '../../../shared/retell/transport/types';

export type {
	ConversationFlowCreateParams,
	ConversationFlowListParams,
	ConversationFlowResponse,
	ConversationFlowUpdateParams,
} from '../../../shared/retell/transport/types';

export type FlowNode = ConversationFlowCreateParams['nodes'][number];
export type ModelChoice = ConversationFlowCreateParams['model_choice'];

/** The fields of an update Retell clears when sent null (typed `| null` by the SDK): what Clear Fields may offer. */
export type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];
