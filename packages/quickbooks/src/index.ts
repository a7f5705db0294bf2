export {
  QuickbooksClient,
  QUICKBOOKS_BASE_URLS,
  paginate,
  type QuickbooksClientOptions,
  type QuickbooksMethod,
  type QuickbooksPage,
  type QuickbooksRequestOptions,
} from './client.js';
export {
  quickbooksConfigSchema,
  quickbooksEcosystem,
  type QuickbooksConfig,
  type QuickbooksModes,
} from './ecosystem.js';
export { mapQuickbooksError } from './errors.js';
export {
  createItem,
  getItem,
  listItems,
  type QuickbooksCreateItemInput,
  type QuickbooksItem,
  type QuickbooksItemPage,
  type QuickbooksListItemsQuery,
} from './items.api.js';
export { registerQuickbooksTools, type RegisterQuickbooksToolsOptions } from './register.js';
