import { businessRule, duplicateName, invalidReference, notFound, requiredMissing, staleObject, validation } from './faults.js';

/** The entities the fake keeps, by their names in paths and queries. */
export const FAKE_ENTITIES = ['Customer', 'Vendor', 'Item', 'Account', 'Invoice', 'Payment', 'Bill', 'Estimate', 'SalesReceipt'] as const;
export type FakeEntityName = (typeof FAKE_ENTITIES)[number];
export const NAME_LISTS = new Set<FakeEntityName>(['Customer', 'Vendor', 'Item', 'Account']);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Entity = Record<string, any> & { Id: string; SyncToken: string };

/** One QuickBooks company (realm) and everything in it. */
export interface FakeCompany {
  realmId: string;
  name: string;
  info: Entity;
  entities: Record<FakeEntityName, Map<string, Entity>>;
  nextId: number;
  nextDocNumber: number;
  /** Answers to creates by requestid, replayed when the same id comes again. */
  replies: Map<string, unknown>;
  /** Invoices and estimates "emailed". */
  outbox: Array<{ entity: string; id: string; to: string; at: string }>;
}

const SYSTEM_ACCOUNTS = [
  { Name: 'Accounts Receivable (A/R)', AccountType: 'Accounts Receivable', AccountSubType: 'AccountsReceivable' },
  { Name: 'Accounts Payable (A/P)', AccountType: 'Accounts Payable', AccountSubType: 'AccountsPayable' },
  { Name: 'Undeposited Funds', AccountType: 'Other Current Asset', AccountSubType: 'UndepositedFunds' },
];

export function newCompany(realmId: string, name: string, now: Date): FakeCompany {
  const company: FakeCompany = {
    realmId,
    name,
    info: {
      Id: '1',
      SyncToken: '0',
      CompanyName: name,
      LegalName: name,
      CompanyAddr: { Id: '1', Line1: '2600 Marine Way', City: 'Mountain View', CountrySubDivisionCode: 'CA', PostalCode: '94043' },
      Country: 'US',
      Email: { Address: 'books@example.com' },
      FiscalYearStartMonth: 'January',
      SupportedLanguages: 'en',
      domain: 'QBO',
      sparse: false,
      MetaData: { CreateTime: stamp(now), LastUpdatedTime: stamp(now) },
    },
    entities: Object.fromEntries(FAKE_ENTITIES.map((type) => [type, new Map()])) as FakeCompany['entities'],
    nextId: 1,
    nextDocNumber: 1001,
    replies: new Map(),
    outbox: [],
  };
  for (const account of SYSTEM_ACCOUNTS) createEntity(company, 'Account', account, now);
  return company;
}

export function systemAccount(company: FakeCompany, subType: string): Entity {
  return [...company.entities.Account.values()].find((account) => account.AccountSubType === subType)!;
}

export function getEntity(company: FakeCompany, type: FakeEntityName, id: string): Entity {
  const entity = company.entities[type].get(id);
  if (!entity) throw notFound(type, id);
  return entity;
}

/** Creates an entity as QuickBooks would: checks its rules, fills what QuickBooks fills, gives it an Id and SyncToken "0". */
export function createEntity(company: FakeCompany, type: FakeEntityName, body: Record<string, unknown>, now: Date): Entity {
  if (body['Id'] !== undefined) throw validation('2010', 'Request has invalid or unsupported property', 'Property Name:Id specified is unsupported or invalid for create', 'Id');
  const entity: Entity = { ...structuredClone(body), Id: String(company.nextId), SyncToken: '0', domain: 'QBO', sparse: false };
  prepare(company, type, entity, undefined, now);
  company.nextId += 1;
  entity.MetaData = { CreateTime: stamp(now), LastUpdatedTime: stamp(now) };
  company.entities[type].set(entity.Id, entity);
  afterWrite(company, type, undefined, entity);
  return entity;
}

/**
 * An update: the SyncToken must be the current one (5010 otherwise). Sparse updates change the
 * fields sent; a full update replaces every writable field, so what it leaves out is cleared.
 */
export function updateEntity(company: FakeCompany, type: FakeEntityName, body: Record<string, unknown>, now: Date): Entity {
  const current = checkedCurrent(company, type, body);
  const { sparse, ...fields } = body;
  const base = sparse === true ? structuredClone(current) : { Id: current.Id, SyncToken: current.SyncToken, MetaData: current.MetaData, domain: 'QBO' };
  const next: Entity = { ...base, ...structuredClone(fields), Id: current.Id, SyncToken: String(Number(current.SyncToken) + 1), sparse: false };
  prepare(company, type, next, current, now);
  next.MetaData = { ...current.MetaData, LastUpdatedTime: stamp(now) };
  company.entities[type].set(next.Id, next);
  afterWrite(company, type, current, next);
  return next;
}

export function deleteEntity(company: FakeCompany, type: FakeEntityName, body: Record<string, unknown>): Entity {
  if (NAME_LISTS.has(type)) throw validation('2010', 'Unsupported Operation', `Operation Delete is not supported for ${type}: make it inactive instead`);
  const current = checkedCurrent(company, type, body);
  if (type === 'Invoice' && paymentsOf(company, current.Id).length) {
    throw businessRule('This invoice has payments applied to it. Delete or void those payments first.', 'Line');
  }
  company.entities[type].delete(current.Id);
  afterWrite(company, type, current, undefined);
  return { Id: current.Id, SyncToken: current.SyncToken, domain: 'QBO', status: 'Deleted' };
}

/** Voids a transaction: amounts go to zero, it stays, its private note says Voided. */
export function voidEntity(company: FakeCompany, type: FakeEntityName, body: Record<string, unknown>, now: Date): Entity {
  const current = checkedCurrent(company, type, body);
  if (type === 'Invoice' && paymentsOf(company, current.Id).length) {
    throw businessRule('This invoice has payments applied to it. Void those payments first.', 'Line');
  }
  const voided: Entity = {
    ...structuredClone(current),
    SyncToken: String(Number(current.SyncToken) + 1),
    Line: type === 'Payment' ? [] : (current.Line ?? []).map((line: Entity) => ({ ...line, Amount: 0 })),
    TotalAmt: 0,
    ...(current.Balance !== undefined ? { Balance: 0 } : {}),
    ...(type === 'Payment' ? { UnappliedAmt: 0 } : {}),
    PrivateNote: `Voided${current.PrivateNote ? ` - ${current.PrivateNote}` : ''}`,
    MetaData: { ...current.MetaData, LastUpdatedTime: stamp(now) },
  };
  company.entities[type].set(voided.Id, voided);
  afterWrite(company, type, current, voided);
  return voided;
}

export function sendEntity(company: FakeCompany, type: 'Invoice' | 'Estimate', id: string, sendTo: string | null, now: Date): Entity {
  const current = getEntity(company, type, id);
  const to = sendTo ?? current.BillEmail?.Address;
  if (!to) throw businessRule('An email address is required to send this transaction: add a billing email or use sendTo.', 'BillEmail');
  const sent: Entity = {
    ...structuredClone(current),
    SyncToken: String(Number(current.SyncToken) + 1),
    EmailStatus: 'EmailSent',
    BillEmail: { Address: to },
    DeliveryInfo: { DeliveryType: 'Email', DeliveryTime: stamp(now) },
    MetaData: { ...current.MetaData, LastUpdatedTime: stamp(now) },
  };
  company.entities[type].set(id, sent);
  company.outbox.push({ entity: type, id, to, at: stamp(now) });
  return sent;
}

function checkedCurrent(company: FakeCompany, type: FakeEntityName, body: Record<string, unknown>): Entity {
  if (body['Id'] === undefined) throw requiredMissing('Id');
  if (body['SyncToken'] === undefined) throw requiredMissing('SyncToken');
  const current = getEntity(company, type, String(body['Id']));
  if (String(body['SyncToken']) !== current.SyncToken) throw staleObject();
  return current;
}

/** Fills and checks an entity about to be written; `before` is the stored version for updates. */
function prepare(company: FakeCompany, type: FakeEntityName, entity: Entity, before: Entity | undefined, now: Date): void {
  switch (type) {
    case 'Customer':
    case 'Vendor':
      entity.DisplayName ??= [entity.GivenName, entity.FamilyName].filter(Boolean).join(' ') || entity.CompanyName;
      if (!entity.DisplayName) throw requiredMissing('DisplayName');
      uniqueName(company, ['Customer', 'Vendor'], 'DisplayName', entity);
      entity.FullyQualifiedName = entity.DisplayName;
      entity.Active ??= true;
      entity.Balance ??= 0;
      if (type === 'Customer' && before?.Active !== false && entity.Active === false && Number(before?.Balance ?? 0) !== 0) {
        throw businessRule('You cannot make a customer with an open balance inactive (Delete List Has Balance Error).', 'Active');
      }
      return;
    case 'Item':
      if (!entity.Name) throw requiredMissing('Name');
      uniqueName(company, ['Item'], 'Name', entity);
      entity.FullyQualifiedName = entity.Name;
      entity.Active ??= true;
      entity.Type ??= 'Service';
      for (const field of entity.Type === 'Inventory' ? ['IncomeAccountRef', 'ExpenseAccountRef', 'AssetAccountRef', 'QtyOnHand', 'InvStartDate'] : ['IncomeAccountRef']) {
        if (entity[field] === undefined) throw requiredMissing(field);
      }
      for (const field of ['IncomeAccountRef', 'ExpenseAccountRef', 'AssetAccountRef']) if (entity[field]) resolveRef(company, 'Account', entity, field);
      return;
    case 'Account':
      if (!entity.Name) throw requiredMissing('Name');
      if (!entity.AccountType) throw requiredMissing('AccountType');
      if (/[:"]/.test(entity.Name)) throw businessRule('An account name cannot contain a colon or a double quote.', 'Name');
      uniqueName(company, ['Account'], 'Name', entity);
      entity.FullyQualifiedName = entity.Name;
      entity.Active ??= true;
      entity.Classification = CLASSIFICATION[entity.AccountType as string] ?? 'Asset';
      entity.CurrentBalance ??= 0;
      return;
    case 'Invoice':
    case 'Estimate':
    case 'SalesReceipt':
      return prepareSale(company, type, entity, before, now);
    case 'Payment':
      return preparePayment(company, entity, before, now);
    case 'Bill':
      return prepareBill(company, entity, before, now);
  }
}

function prepareSale(company: FakeCompany, type: FakeEntityName, entity: Entity, before: Entity | undefined, now: Date): void {
  if (type !== 'SalesReceipt' && !entity.CustomerRef) throw requiredMissing('CustomerRef');
  const customer = entity.CustomerRef ? resolveRef(company, 'Customer', entity, 'CustomerRef') : undefined;
  const lines = (entity.Line ?? []).filter((line: Entity) => line.DetailType !== 'SubTotalLineDetail');
  if (!lines.length) throw requiredMissing('Line');
  lines.forEach((line: Entity, index: number) => checkSalesLine(company, line, index));
  const total = round(lines.reduce((sum: number, line: Entity) => sum + Number(line.Amount ?? 0), 0));
  entity.Line = [
    ...lines.map((line: Entity, index: number) => Object.assign({ Id: String(index + 1), LineNum: index + 1 }, line)),
    { Amount: total, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
  ];
  entity.TxnDate ??= day(now);
  entity.DocNumber ??= String(company.nextDocNumber++);
  entity.TotalAmt = total;
  entity.CurrencyRef ??= { value: 'USD', name: 'United States Dollar' };
  entity.EmailStatus ??= 'NotSet';
  entity.PrintStatus ??= 'NotSet';
  if (customer) entity.BillEmail ??= customer.PrimaryEmailAddr && { Address: customer.PrimaryEmailAddr.Address };
  if (type === 'Invoice') {
    entity.DueDate ??= addDays(entity.TxnDate, 30);
    const paid = before ? round(Number(before.TotalAmt) - Number(before.Balance)) : 0;
    entity.Balance = round(total - paid);
    entity.LinkedTxn = before?.LinkedTxn ?? [];
    entity.AllowOnlinePayment ??= false;
  }
  if (type === 'SalesReceipt') {
    entity.Balance = 0;
    entity.DepositToAccountRef ??= { value: systemAccount(company, 'UndepositedFunds').Id, name: 'Undeposited Funds' };
  }
  if (type === 'Estimate') entity.TxnStatus ??= 'Pending';
}

function checkSalesLine(company: FakeCompany, line: Entity, index: number): void {
  if (line.Amount === undefined) throw requiredMissing(`Line[${index}].Amount`);
  if (line.DetailType !== 'SalesItemLineDetail') return;
  const detail = line.SalesItemLineDetail ?? {};
  if (!detail.ItemRef) throw requiredMissing(`Line[${index}].SalesItemLineDetail.ItemRef`);
  const item = resolveRef(company, 'Item', detail, 'ItemRef');
  if (detail.Qty !== undefined && detail.UnitPrice !== undefined && Math.abs(detail.Qty * detail.UnitPrice - line.Amount) > 0.005) {
    throw validation('6070', 'Amount calculation incorrect', `Amount is not equal to UnitPrice * Qty. Supplied value:${line.Amount}`, `Line[${index}].Amount`);
  }
  line.Description ??= item.Description;
}

function preparePayment(company: FakeCompany, entity: Entity, before: Entity | undefined, now: Date): void {
  if (!entity.CustomerRef) throw requiredMissing('CustomerRef');
  if (entity.TotalAmt === undefined) throw requiredMissing('TotalAmt');
  resolveRef(company, 'Customer', entity, 'CustomerRef');
  const lines: Entity[] = entity.Line ?? [];
  let applied = 0;
  lines.forEach((line, index) => {
    const link = line.LinkedTxn?.[0];
    if (!link || link.TxnType !== 'Invoice') throw requiredMissing(`Line[${index}].LinkedTxn`);
    const invoice = company.entities.Invoice.get(String(link.TxnId));
    if (!invoice) throw invalidReference(`Line[${index}].LinkedTxn.TxnId`, String(link.TxnId));
    if (invoice.CustomerRef.value !== entity.CustomerRef.value) throw businessRule(`Invoice ${invoice.Id} belongs to another customer.`, `Line[${index}]`);
    const previously = before?.Line?.find((old: Entity) => old.LinkedTxn?.[0]?.TxnId === invoice.Id)?.Amount ?? 0;
    if (Number(line.Amount) > round(Number(invoice.Balance) + Number(previously)) + 0.005) {
      throw businessRule(`The payment applies ${line.Amount} to invoice ${invoice.DocNumber}, whose open balance is ${invoice.Balance}.`, `Line[${index}].Amount`);
    }
    applied += Number(line.Amount);
  });
  if (round(applied) > Number(entity.TotalAmt) + 0.005) throw businessRule('The amounts applied exceed the payment total.', 'TotalAmt');
  entity.UnappliedAmt = round(Number(entity.TotalAmt) - applied);
  entity.TxnDate ??= day(now);
  entity.DepositToAccountRef ??= { value: systemAccount(company, 'UndepositedFunds').Id, name: 'Undeposited Funds' };
  entity.CurrencyRef ??= { value: 'USD', name: 'United States Dollar' };
}

function prepareBill(company: FakeCompany, entity: Entity, _before: Entity | undefined, now: Date): void {
  if (!entity.VendorRef) throw requiredMissing('VendorRef');
  resolveRef(company, 'Vendor', entity, 'VendorRef');
  const lines: Entity[] = entity.Line ?? [];
  if (!lines.length) throw requiredMissing('Line');
  lines.forEach((line, index) => {
    if (line.Amount === undefined) throw requiredMissing(`Line[${index}].Amount`);
    if (line.DetailType === 'AccountBasedExpenseLineDetail') resolveRef(company, 'Account', line.AccountBasedExpenseLineDetail ?? {}, 'AccountRef');
    else if (line.DetailType === 'ItemBasedExpenseLineDetail') resolveRef(company, 'Item', line.ItemBasedExpenseLineDetail ?? {}, 'ItemRef');
    else throw businessRule(`A bill line is AccountBasedExpenseLineDetail or ItemBasedExpenseLineDetail, not ${String(line.DetailType)}.`, `Line[${index}].DetailType`);
  });
  entity.Line = lines.map((line, index) => Object.assign({ Id: String(index + 1), LineNum: index + 1 }, line));
  entity.TotalAmt = round(lines.reduce((sum, line) => sum + Number(line.Amount), 0));
  entity.Balance = entity.TotalAmt;
  entity.TxnDate ??= day(now);
  entity.DueDate ??= addDays(entity.TxnDate, 30);
  entity.APAccountRef ??= { value: systemAccount(company, 'AccountsPayable').Id, name: 'Accounts Payable (A/P)' };
}

/** Keeps balances true after a write: a payment's lines move invoice balances, invoices move customer balances. */
function afterWrite(company: FakeCompany, type: FakeEntityName, before: Entity | undefined, after: Entity | undefined): void {
  if (type === 'Payment') {
    for (const line of before?.Line ?? []) applyToInvoice(company, before!, line, -1);
    for (const line of after?.Line ?? []) applyToInvoice(company, after!, line, +1);
    adjustCustomer(company, before?.CustomerRef?.value, Number(before?.TotalAmt ?? 0));
    adjustCustomer(company, after?.CustomerRef?.value, -Number(after?.TotalAmt ?? 0));
  }
  if (type === 'Invoice') {
    adjustCustomer(company, before?.CustomerRef?.value, -Number(before?.TotalAmt ?? 0));
    adjustCustomer(company, after?.CustomerRef?.value, Number(after?.TotalAmt ?? 0));
  }
  if (type === 'Bill') {
    adjustVendor(company, before?.VendorRef?.value, -Number(before?.Balance ?? 0));
    adjustVendor(company, after?.VendorRef?.value, Number(after?.Balance ?? 0));
  }
}

function applyToInvoice(company: FakeCompany, payment: Entity, line: Entity, sign: 1 | -1): void {
  const invoice = company.entities.Invoice.get(String(line.LinkedTxn?.[0]?.TxnId));
  if (!invoice) return;
  invoice.Balance = round(Number(invoice.Balance) - sign * Number(line.Amount));
  invoice.LinkedTxn = (invoice.LinkedTxn ?? []).filter((link: Entity) => link.TxnId !== payment.Id);
  if (sign > 0 && Number(line.Amount) > 0) invoice.LinkedTxn.push({ TxnId: payment.Id, TxnType: 'Payment' });
  invoice.SyncToken = String(Number(invoice.SyncToken) + 1);
}

function adjustCustomer(company: FakeCompany, id: string | undefined, delta: number): void {
  const customer = id ? company.entities.Customer.get(id) : undefined;
  if (customer && delta) customer.Balance = round(Number(customer.Balance ?? 0) + delta);
}

function adjustVendor(company: FakeCompany, id: string | undefined, delta: number): void {
  const vendor = id ? company.entities.Vendor.get(id) : undefined;
  if (vendor && delta) vendor.Balance = round(Number(vendor.Balance ?? 0) + delta);
}

export function paymentsOf(company: FakeCompany, invoiceId: string): Entity[] {
  return [...company.entities.Payment.values()].filter((payment) => (payment.Line ?? []).some((line: Entity) => line.LinkedTxn?.[0]?.TxnId === invoiceId && Number(line.Amount) > 0));
}

/** A reference must name a live object; it comes back with the object's name, as QuickBooks fills it. */
function resolveRef(company: FakeCompany, type: FakeEntityName, holder: Entity | Record<string, unknown>, field: string): Entity {
  const value = String((holder[field] as { value?: unknown } | undefined)?.value ?? '');
  const target = company.entities[type].get(value);
  if (!target || target.Active === false) throw invalidReference(field, value);
  (holder as Record<string, unknown>)[field] = { value, name: target.DisplayName ?? target.Name };
  return target;
}

function uniqueName(company: FakeCompany, types: FakeEntityName[], field: string, entity: Entity): void {
  const name = String(entity[field]).toLowerCase();
  for (const type of types) for (const other of company.entities[type].values()) if (other.Id !== entity.Id && String(other[field]).toLowerCase() === name) throw duplicateName();
}

const CLASSIFICATION: Record<string, string> = {
  Bank: 'Asset',
  'Accounts Receivable': 'Asset',
  'Other Current Asset': 'Asset',
  'Fixed Asset': 'Asset',
  'Other Asset': 'Asset',
  'Accounts Payable': 'Liability',
  'Credit Card': 'Liability',
  'Other Current Liability': 'Liability',
  'Long Term Liability': 'Liability',
  Equity: 'Equity',
  Income: 'Revenue',
  'Other Income': 'Revenue',
  'Cost of Goods Sold': 'Expense',
  Expense: 'Expense',
  'Other Expense': 'Expense',
};

export function round(amount: number): number {
  return Math.round(amount * 100) / 100;
}

export function day(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function stamp(now: Date): string {
  return `${new Date(now.getTime() - 7 * 3600_000).toISOString().slice(0, 19)}-07:00`;
}
