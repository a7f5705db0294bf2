// What other workspace tools reuse (the ecosystem generator's end-to-end test packs and installs through these).
export { CONSUMER_DEPENDENCIES, createConsumerProject, expectOk, pack, runConsumerScript, type ConsumerProject } from './consumer-project.js';
export { WORKSPACE_ROOT, bin, inBatches, publishablePackages, run, type RunResult, type WorkspacePackage } from './workspace.js';
