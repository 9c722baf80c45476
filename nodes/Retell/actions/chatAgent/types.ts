export type { ChatAgentCreateParams, ChatAgentListParams, ChatAgentUpdateParams } from '../../../shared/retell/transport/types';
