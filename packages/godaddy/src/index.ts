export {
  GodaddyClient,
  GODADDY_DEFAULT_BASE_URL,
  type CreateGodaddyItemParams,
  type GodaddyClientOptions,
  type GodaddyItem,
  type GodaddyItemPage,
  type ListGodaddyItemsParams,
} from './client.js';
export { godaddyConfigSchema, godaddyEcosystem, type GodaddyConfig } from './ecosystem.js';
export { mapGodaddyError } from './errors.js';
export { createGodaddyItem, itemTools, listGodaddyItems } from './items.tools.js';
export { registerGodaddyTools, type RegisterGodaddyToolsOptions } from './register.js';
