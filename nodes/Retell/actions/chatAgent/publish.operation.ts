import { CHAT_AGENT, publishOperation } from '../agentVersions';

export const operation = publishOperation(CHAT_AGENT);
