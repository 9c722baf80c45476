import { CHAT_AGENT, createVersionOperation } from '../agentKinds';

export const operation = createVersionOperation(CHAT_AGENT);
