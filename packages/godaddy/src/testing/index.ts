export {
  DEFAULT_GODADDY_SEED,
  errorResponse,
  startGodaddyFake,
  type GodaddyFake,
  type GodaddyFakeItem,
  type GodaddyFakeOptions,
  type GodaddyFakeState,
} from './fake.js';
