export {
  DEMO_APP_ID,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_CONNECTION_ID,
  startFake,
  startGhlFake,
  type GhlFake,
  type GhlFakeOptions,
  type GhlFakeRateLimits,
} from './fake.js';
export {
  DEMO_COMPANY_ID,
  defaultGhlSeed,
  type FakeCalendar,
  type FakeOpenHours,
  type FakePipeline,
  type FakeUser,
  type GhlFakeSeed,
  type GhlFakeState,
} from './state.js';
