import { CHAT_AGENT, deleteVersionOperation } from '../agentKinds';

export const operation = deleteVersionOperation(CHAT_AGENT);
