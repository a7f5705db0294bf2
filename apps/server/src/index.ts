/**
 * The server as a library, for embedding or custom composition; the
 * `enterprise-mcp` CLI is the usual way to run it.
 */
export { ConfigError, configSchema, configVariables, loadConfig, loadEnvFile, type ServerConfig } from './config.js';
export { ecosystems } from './ecosystems.js';
export { createLogger, type ServerLogger } from './logger.js';
export { closeOnSignals, servedEcosystems, startServer, type StartedServer } from './server.js';
export { createRuntime, type RunningServer, type Runtime, type RuntimeParts, type RuntimeSettings } from './runtime.js';
export { openDataPlane, type DataPlane } from './data-plane/open.js';
export type { CredentialSource, KeyScopes, KeyVerification, KeyVerifier, Readiness, TenantInfo } from './data-plane/types.js';
export { startDemo, type RunningDemo } from './demo/demo.js';
export { serveStdio } from './stdio/serve-stdio.js';
export { runBridge, BRIDGE_ERRORS, type BridgeOptions } from './bridge/bridge.js';
export { buildProgram } from './cli/program.js';
