export type {
	ConversationFlowComponentCreateParams as ComponentCreateParams,
	ConversationFlowComponentListParams as ComponentListParams,
	ConversationFlowComponentUpdateParams as ComponentUpdateParams,
} from '../../../shared/retell/transport/types';
