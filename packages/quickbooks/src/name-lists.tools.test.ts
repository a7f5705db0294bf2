import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { QuickBooksClient } from './client.js';
import { quickbooksEcosystem } from './ecosystem.js';
import { startFake, type QuickBooksFake } from './testing/index.js';

describe('QuickBooks name-list tools (customers, vendors, items, accounts)', () => {
  let fake: QuickBooksFake;
  let harness: ToolHarness<QuickBooksClient>;
  const run = async (name: string, args: unknown) => (await harness.run(name, args)).result;
  const data = (result: { structuredContent?: Record<string, unknown> }) => result.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const company = () => fake.companies.get(fake.connection.externalIds['realmId']!)!;

  beforeAll(async () => {
    fake = await startFake();
    harness = toolHarness(quickbooksEcosystem, fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('quickbooks_search_customers matches part of the name and leaves inactive customers out unless asked', async () => {
    expect(data(await run('quickbooks_search_customers', { name: 'bird' })).customers.map((c: { DisplayName: string }) => c.DisplayName)).toEqual(["Amy's Bird Sanctuary"]);
    const active = data(await run('quickbooks_search_customers', {}));
    expect(active.customers.map((c: { DisplayName: string }) => c.DisplayName)).not.toContain('Old Town Deli');
    expect(active).toMatchObject({ startPosition: 1, returned: 3 });
    expect(active).not.toHaveProperty('nextStartPosition');
    const all = data(await run('quickbooks_search_customers', { active: 'all' }));
    expect(all.customers.map((c: { DisplayName: string }) => c.DisplayName)).toContain('Old Town Deli');
    const owing = data(await run('quickbooks_search_customers', { withBalance: true }));
    expect(owing.customers.map((c: { DisplayName: string }) => c.DisplayName)).toEqual(['Blue Door Café', 'Cedar Hill School']);
    expect(fake.requests.at(-1)!.query.get('query')).toBe("SELECT * FROM Customer WHERE Balance > '0' ORDERBY DisplayName ASC STARTPOSITION 1 MAXRESULTS 20");
  });

  it('pages with startPosition and says where the next page starts', async () => {
    const first = data(await run('quickbooks_search_customers', { maxResults: 2 }));
    expect(first).toMatchObject({ returned: 2, nextStartPosition: 3 });
    const second = data(await run('quickbooks_search_customers', { maxResults: 2, startPosition: 3 }));
    expect(second.customers.map((c: { DisplayName: string }) => c.DisplayName)).toEqual(['Cedar Hill School']);
  });

  it('quickbooks_create_customer creates it, and a taken name is QuickBooks 6240', async () => {
    const created = data(await run('quickbooks_create_customer', { displayName: 'Pier 39 Market', email: 'ap@pier39.example', billingAddress: { line1: '1 Pier', city: 'SF', region: 'CA' } }));
    expect(created.customer).toMatchObject({ DisplayName: 'Pier 39 Market', PrimaryEmailAddr: { Address: 'ap@pier39.example' }, BillAddr: { Line1: '1 Pier', CountrySubDivisionCode: 'CA' }, Active: true });
    expect(company().entities.Customer.get(created.customer.Id)).toBeDefined();
    const taken = await run('quickbooks_create_customer', { displayName: 'valley flour mill' });
    expect(taken.isError).toBe(true);
    expect(taken.content[0]!.text).toContain('(QuickBooks 6240)');
  });

  it('quickbooks_update_customer changes only the named fields; quickbooks_deactivate_customer hides it', async () => {
    const updated = data(await run('quickbooks_update_customer', { id: '12', phone: '(650) 555-0000' }));
    expect(updated.customer).toMatchObject({ SyncToken: '1', PrimaryPhone: { FreeFormNumber: '(650) 555-0000' }, PrimaryEmailAddr: { Address: 'birds@intuit.example' } });
    const nothing = await run('quickbooks_update_customer', { id: '12' });
    expect(nothing.content[0]!.text).toContain('name at least one field');
    expect(data(await run('quickbooks_deactivate_customer', { id: '12' })).customer).toMatchObject({ Active: false, SyncToken: '2' });
    expect(data(await run('quickbooks_search_customers', { name: 'bird' })).customers).toEqual([]);
    expect(data(await run('quickbooks_update_customer', { id: '12', active: true })).customer).toMatchObject({ Active: true });
  });

  it('refuses to deactivate a customer who still owes money', async () => {
    const refused = await run('quickbooks_deactivate_customer', { id: '13' });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toContain('open balance');
    expect(company().entities.Customer.get('13')!.Active).toBe(true);
  });

  it('quickbooks_get_customer reads one; an unknown id is not found', async () => {
    expect(data(await run('quickbooks_get_customer', { id: '14' })).customer).toMatchObject({ DisplayName: 'Cedar Hill School', Balance: 165 });
    const missing = await run('quickbooks_get_customer', { id: '404' });
    expect(missing.content[0]!.text).toContain('(QuickBooks 610)');
  });

  it('vendors: create, search, get', async () => {
    const vendor = data(await run('quickbooks_create_vendor', { displayName: 'Sea Salt Supply', accountNumber: 'HLB-77' })).vendor;
    expect(vendor).toMatchObject({ DisplayName: 'Sea Salt Supply', AcctNum: 'HLB-77' });
    expect(data(await run('quickbooks_search_vendors', { name: 'salt' })).vendors).toHaveLength(1);
    expect(data(await run('quickbooks_get_vendor', { id: '16' })).vendor).toMatchObject({ DisplayName: 'Valley Flour Mill', Balance: 420 });
  });

  it('items: a service needs an income account; filtered search by type', async () => {
    const missing = await run('quickbooks_create_item', { name: 'Delivery', type: 'Service', unitPrice: 15 });
    expect(missing.content[0]!.text).toContain('IncomeAccountRef');
    const item = data(await run('quickbooks_create_item', { name: 'Delivery', type: 'Service', unitPrice: 15, incomeAccountId: '5' })).item;
    expect(item).toMatchObject({ Name: 'Delivery', UnitPrice: 15, IncomeAccountRef: { value: '5', name: 'Catering Income' } });
    const services = data(await run('quickbooks_search_items', { type: 'Service' })).items;
    expect(services.map((i: { Name: string }) => i.Name)).toEqual(['Catering', 'Delivery']);
    expect(data(await run('quickbooks_update_item', { id: item.Id, unitPrice: 18 })).item).toMatchObject({ UnitPrice: 18, Name: 'Delivery' });
    expect(data(await run('quickbooks_deactivate_item', { id: item.Id })).item).toMatchObject({ Active: false });
  });

  it('accounts: search by type, create, refuse a name with a colon', async () => {
    const income = data(await run('quickbooks_search_accounts', { accountType: 'Income' })).accounts;
    expect(income.map((a: { Name: string }) => a.Name)).toEqual(['Catering Income', 'Sales of Product Income']);
    const account = data(await run('quickbooks_create_account', { name: 'Wholesale Income', accountType: 'Income' })).account;
    expect(account).toMatchObject({ Classification: 'Revenue', Active: true });
    expect((await run('quickbooks_create_account', { name: 'Income: Other', accountType: 'Income' })).content[0]!.text).toContain('colon');
    expect(data(await run('quickbooks_get_account', { id: account.Id })).account.Name).toBe('Wholesale Income');
    expect(data(await run('quickbooks_update_account', { id: account.Id, description: 'Shops and cafés' })).account).toMatchObject({ Description: 'Shops and cafés' });
    expect(data(await run('quickbooks_deactivate_account', { id: account.Id })).account).toMatchObject({ Active: false });
  });
});
