export {
  startCloudflareFake,
  type CloudflareFake,
  type CloudflareFakeFailure,
  type CloudflareFakeOptions,
  type CloudflareFakeRateLimit,
} from './fake.js';
export {
  CloudflareFakeState,
  DEFAULT_SEED,
  stableId,
  type CloudflareFakeSeed,
  type FakeAccount,
  type FakeToken,
  type PurgeRecord,
  type SeedRecord,
  type SeedZone,
} from './state.js';
