export {
  startCloudflareFake,
  startFake,
  type CloudflareFake,
  type CloudflareFakeFailure,
  type CloudflareFakeOptions,
  type CloudflareFakeRateLimit,
} from './fake.js';
export type { FakePrincipal } from './auth.js';
export {
  CloudflareFakeState,
  DEFAULT_SEED,
  stableId,
  type CloudflareFakeSeed,
  type FakeAccount,
  type FakeToken,
  type FakeUser,
  type PurgeRecord,
  type SeedRecord,
  type SeedZone,
} from './state.js';
