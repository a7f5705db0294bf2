export { accountTools, ACCOUNT_TYPES } from './accounts.tools.js';
export { billTools } from './bills.tools.js';
export {
  MAX_CONCURRENT_PER_REALM,
  MINOR_VERSION,
  QUICKBOOKS_BASE_URLS,
  QuickBooksClient,
  type QuickBooksClientOptions,
  type QuickBooksMethod,
  type QuickBooksRequest,
  type QuickBooksResponse,
} from './client.js';
export { getCompanyInfo } from './company.api.js';
export { companyTools, getCompanyInfoTool } from './company.tools.js';
export { customerTools } from './customers.tools.js';
export {
  ENTITY_PATHS,
  countEntities,
  createEntity,
  deleteEntity,
  queryEntities,
  readEntity,
  runQuery,
  sendEntity,
  updateEntity,
  voidEntity,
  type EntityName,
  type Json,
  type QueryPage,
  type QuickBooksEntity,
} from './entities.api.js';
export {
  QUICKBOOKS_OAUTH,
  QUICKBOOKS_RATE_LIMITS,
  quickbooksEcosystem,
  quickbooksOAuthConfig,
  type QuickBooksModeConfigs,
  type QuickBooksOAuthConfig,
  type QuickBooksResolvedConfig,
} from './ecosystem.js';
export {
  createQuickBooksErrorMapper,
  intuitTid,
  mapQuickBooksError,
  parseFault,
  THROTTLE_BACKOFF_SECONDS,
  type QuickBooksFault,
  type QuickBooksFaultError,
} from './errors.js';
export { estimateTools } from './estimates.tools.js';
export { getInvoicePdf, readInvoiceWithLink, type InvoicePdf } from './invoices.api.js';
export { deleteInvoice, getInvoicePdfTool, invoiceTools, sendInvoice, updateInvoice, voidInvoice } from './invoices.tools.js';
export { ITEM_TYPES, itemTools } from './items.tools.js';
export { paymentTools, voidPayment } from './payments.tools.js';
export {
  MAX_RESULTS,
  containing,
  countStatement,
  describeStatement,
  literal,
  selectStatement,
  type Condition,
  type Literal,
  type Operator,
  type QueryParts,
} from './query.js';
export { queryTool, queryTools } from './query.tools.js';
export { getReport, readableRows, REPORTS, type RawReport, type ReadableRow, type ReportName, type ReportQuery } from './reports.api.js';
export { reportTools, runReport } from './reports.tools.js';
export { registerQuickBooksTools, type RegisterQuickBooksToolsOptions } from './register.js';
export { salesReceiptTools } from './sales-receipts.tools.js';
export { quickbooksTool } from './tool.js';
export { vendorTools } from './vendors.tools.js';
