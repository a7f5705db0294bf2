export {
  DEFAULT_QUICKBOOKS_SEED,
  startFake,
  type QuickbooksFake,
  type QuickbooksFakeOptions,
  type QuickbooksFakeState,
} from './fake.js';
