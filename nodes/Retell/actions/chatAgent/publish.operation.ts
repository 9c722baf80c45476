import { CHAT_AGENT, publishOperation } from '../agentKinds';

export const operation = publishOperation(CHAT_AGENT);
