export {
  getCompany,
  HARD_CAP_SECONDS,
  LEDGER_COMPANIES,
  LEDGER_LEVELS,
  ledgerEcosystem,
  levelledLedgerEcosystem,
  ROLLING_SECONDS,
  startLedgerFake,
  type LedgerClient,
  type LedgerFake,
} from './ledger.js';
export { answerConsent } from './consent.js';
export { connectAccount, createTestVault, randomCredentialKey, ticketOf, type TestVaultOptions } from './setup.js';
