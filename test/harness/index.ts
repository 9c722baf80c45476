export { runNode, runWorkflow } from './runWorkflow';
export type { RunWorkflowOptions, TestNode, WorkflowRun } from './runWorkflow';
export { applyDefaults, FixtureCredentialsHelper, resolveWithCredentials } from './credentialsHelper';
export type { CredentialFixtures } from './credentialsHelper';
export { HarnessNodeTypes, loadPackageCredentialTypes, loadPackageNodeTypes, nodeTypeName } from './nodeTypes';
