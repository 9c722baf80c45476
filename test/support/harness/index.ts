export { runNode, runWorkflow } from './runWorkflow';
export { buildTestWorkflow } from './runWorkflow';
export type { RunWorkflowOptions, TestNode, WorkflowRun } from './runWorkflow';
export type { CredentialFixtures } from './credentialsHelper';
export { loadPackageCredentialTypes, loadPackageNodeTypes } from './nodeTypes';
export { testCredential } from './credentialTest';
export { startWebhookServer } from './webhookServer';
export type { WebhookServer } from './webhookServer';
export { listSearch, loadOptions } from './loadOptions';
