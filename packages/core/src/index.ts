export type { AuditSink, ToolExecutionRecord, ToolExecutionStatus } from './audit.js';
export {
  refreshingToken,
  staticToken,
  tokenProviderOf,
  type AccessToken,
  type RefreshingTokenOptions,
  type TokenProvider,
  type TokenRequest,
  type TokenSource,
} from './credentials.js';
export {
  defineEcosystem,
  parseEcosystemConfig,
  readEcosystemEnv,
  type AnyEcosystem,
  type AuthPattern,
  type ClientDependencies,
  type ConfigSchema,
  type EcosystemConfigSource,
  type EcosystemDefinition,
  type EcosystemEnvConfig,
} from './ecosystem.js';
export {
  AuthenticationError,
  CancelledError,
  ConfigurationError,
  ConflictError,
  CredentialsMissingError,
  EmcpError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  ValidationError,
  isEmcpError,
  type ConfigProblem,
  type EmcpErrorOptions,
  type ErrorCode,
  type FieldProblem,
} from './errors.js';
export { executeTool, type ToolCallResult, type ToolExecutionOutcome } from './execute.js';
export {
  createHttpClient,
  errorForStatus,
  parseRetryAfter,
  type HttpClient,
  type HttpClientOptions,
  type HttpFailure,
  type HttpHeaders,
  type HttpRequest,
  type HttpResponse,
  type QueryValue,
} from './http.js';
export { childLogger, noopLogger, type Logger } from './logger.js';
export type { OutboundRateLimiter, RateLimitSpec } from './rate-limit.js';
export { REDACTED, isSecretName, redactSecrets, redactUrl, type RedactOptions } from './redact.js';
export {
  progressReporterOf,
  registerTools,
  selectTools,
  toolConfig,
  toolMatcher,
  type RegisterEcosystemOptions,
  type RegisterOptions,
  type ToolRegistrar,
} from './register.js';
export {
  defineTool,
  toolDefinerFor,
  type AnyTool,
  type ProgressReporter,
  type ProgressUpdate,
  type ToolAnnotations,
  type ToolContext,
  type ToolDefinition,
  type ToolInputSchema,
  type ToolOutputSchema,
} from './tool.js';
