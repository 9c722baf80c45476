import { CHAT_AGENT, getVersionsOperation } from '../agentVersions';

export const operation = getVersionsOperation(CHAT_AGENT);
