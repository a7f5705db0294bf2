export {
  startFakeServer,
  type FakeFailure,
  type FakeHandler,
  type FakeRequest,
  type FakeResponse,
  type FakeRoute,
  type FakeServer,
  type FakeServerOptions,
} from './fake-server.js';
export { runTool } from './run-tool.js';
export { startResettingServer, type ResettingServer } from './resetting-server.js';
export { strictSchemaProblems, type StrictSchemaProblem } from './strict-schemas.js';
export {
  createOpenApiValidator,
  type OpenApiDocument,
  type OpenApiValidator,
  type OpenApiValidatorOptions,
  type OperationRef,
  type RequestProblem,
  type RequestProblemKind,
  type RequestToValidate,
} from './openapi-validator.js';
export { toolHarness, type ModeInput, type RunningFake, type ToolHarness, type ToolHarnessOptions } from './harness.js';
export {
  createFakeOAuthProvider,
  FAKE_OAUTH_CLIENT,
  CONSENT_SCOPE_FIELDS,
  pkceChallenge,
  type FakeOAuthAccount,
  type FakeOAuthGrant,
  type FakeOAuthOptions,
  type FakeOAuthProvider,
} from './fake-oauth.js';
