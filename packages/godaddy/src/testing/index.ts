export { accessDenied, godaddyError, invalidBody, type GoDaddyErrorField } from './errors.js';
export { startFake, type GoDaddyFake, type GoDaddyFakeOptions } from './fake.js';
export {
  DEFAULT_GODADDY_SEED,
  FAKE_TLD_PRICES,
  type GoDaddyFakeDomain,
  type GoDaddyFakeState,
} from './seed.js';
