import { CHAT_AGENT, getVersionsOperation } from '../agentKinds';

export const operation = getVersionsOperation(CHAT_AGENT);
