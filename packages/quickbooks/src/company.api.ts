import type { QuickBooksClient } from './client.js';
import { readEntity, type QuickBooksEntity } from './entities.api.js';

/** `GET /companyinfo/{realmId}`: the company's name, addresses, fiscal year start and country. */
export function getCompanyInfo(client: QuickBooksClient, signal?: AbortSignal): Promise<QuickBooksEntity> {
  return readEntity(client, 'CompanyInfo', client.realmId, { signal });
}
