import { addDays, createEntity, day, newCompany, type FakeCompany } from './company.js';

export interface FakeCompanySeed {
  realmId: string;
  name: string;
  /** `demo`: customers, items, invoices, payments and a bill; `empty`: only the accounts every company has. */
  contents: 'demo' | 'empty';
}

export const DEMO_REALM_ID = '9341453066447362';
export const OTHER_REALM_ID = '9341453066447363';

export const DEFAULT_COMPANIES: FakeCompanySeed[] = [
  { realmId: DEMO_REALM_ID, name: 'Harbor Lights Bakery (demo)', contents: 'demo' },
  { realmId: OTHER_REALM_ID, name: 'Northwind Consulting (demo)', contents: 'empty' },
];

export function seedCompany(seed: FakeCompanySeed, now: Date): FakeCompany {
  const company = newCompany(seed.realmId, seed.name, now);
  if (seed.contents === 'demo') addDemoBooks(company, now);
  return company;
}

/** A small bakery's books, dated around `now` so the aging report has every bucket. */
function addDemoBooks(company: FakeCompany, now: Date): void {
  const add = (type: Parameters<typeof createEntity>[1], body: Record<string, unknown>) => createEntity(company, type, body, now);
  const ago = (days: number) => addDays(day(now), -days);
  const checking = add('Account', { Name: 'Business Checking', AccountType: 'Bank', AccountSubType: 'Checking' });
  const services = add('Account', { Name: 'Catering Income', AccountType: 'Income', AccountSubType: 'ServiceFeeIncome' });
  const products = add('Account', { Name: 'Sales of Product Income', AccountType: 'Income', AccountSubType: 'SalesOfProductIncome' });
  const supplies = add('Account', { Name: 'Supplies & Materials', AccountType: 'Cost of Goods Sold', AccountSubType: 'SuppliesMaterialsCogs' });
  const rent = add('Account', { Name: 'Rent or Lease', AccountType: 'Expense', AccountSubType: 'RentOrLeaseOfBuildings' });
  const catering = add('Item', { Name: 'Catering', Type: 'Service', UnitPrice: 85, Description: 'Event catering, per hour', IncomeAccountRef: { value: services.Id } });
  const loaf = add('Item', { Name: 'Sourdough Loaf', Type: 'NonInventory', UnitPrice: 8.5, Description: 'Country sourdough, 1 kg', IncomeAccountRef: { value: products.Id }, ExpenseAccountRef: { value: supplies.Id } });
  const cake = add('Item', { Name: 'Celebration Cake', Type: 'NonInventory', UnitPrice: 65, Description: 'Three-layer cake, serves 20', IncomeAccountRef: { value: products.Id } });
  const email = (address: string) => ({ PrimaryEmailAddr: { Address: address } });
  const amy = add('Customer', { DisplayName: "Amy's Bird Sanctuary", GivenName: 'Amy', FamilyName: 'Lauterbach', ...email('birds@intuit.example'), PrimaryPhone: { FreeFormNumber: '(650) 555-3311' }, BillAddr: { Line1: '4581 Finch St.', City: 'Bayshore', CountrySubDivisionCode: 'CA', PostalCode: '94326' } });
  const cafe = add('Customer', { DisplayName: 'Blue Door Café', CompanyName: 'Blue Door Café LLC', ...email('orders@bluedoor.example') });
  const school = add('Customer', { DisplayName: 'Cedar Hill School', CompanyName: 'Cedar Hill Elementary', ...email('office@cedarhill.example') });
  add('Customer', { DisplayName: 'Old Town Deli', CompanyName: 'Old Town Deli', Active: false });
  const mill = add('Vendor', { DisplayName: 'Valley Flour Mill', CompanyName: 'Valley Flour Mill Co.', ...email('billing@valleyflour.example') });
  const landlord = add('Vendor', { DisplayName: 'Harbor Properties', CompanyName: 'Harbor Properties LP' });
  const line = (item: { Id: string }, qty: number, price: number) => ({ Amount: Math.round(qty * price * 100) / 100, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: qty, UnitPrice: price } });
  const paid = add('Invoice', { CustomerRef: { value: amy.Id }, TxnDate: ago(40), Line: [line(catering, 4, 85)] });
  add('Invoice', { CustomerRef: { value: cafe.Id }, TxnDate: ago(10), Line: [line(loaf, 40, 8.5), line(cake, 1, 65)] });
  const partly = add('Invoice', { CustomerRef: { value: school.Id }, TxnDate: ago(75), Line: [line(cake, 3, 65), line(catering, 2, 85)] });
  add('Invoice', { CustomerRef: { value: cafe.Id }, TxnDate: ago(130), Line: [line(loaf, 20, 8.5)] });
  add('Payment', { CustomerRef: { value: amy.Id }, TotalAmt: 340, TxnDate: ago(20), PaymentRefNum: '1042', Line: [{ Amount: 340, LinkedTxn: [{ TxnId: paid.Id, TxnType: 'Invoice' }] }] });
  add('Payment', { CustomerRef: { value: school.Id }, TotalAmt: 200, TxnDate: ago(30), DepositToAccountRef: { value: checking.Id }, Line: [{ Amount: 200, LinkedTxn: [{ TxnId: partly.Id, TxnType: 'Invoice' }] }] });
  add('SalesReceipt', { CustomerRef: { value: cafe.Id }, TxnDate: ago(3), DepositToAccountRef: { value: checking.Id }, Line: [line(loaf, 12, 8.5)] });
  add('Estimate', { CustomerRef: { value: school.Id }, TxnDate: ago(2), ExpirationDate: addDays(day(now), 28), Line: [line(catering, 6, 85)] });
  add('Bill', { VendorRef: { value: mill.Id }, TxnDate: ago(12), Line: [{ Amount: 420, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: { value: supplies.Id } } }] });
  add('Bill', { VendorRef: { value: landlord.Id }, TxnDate: ago(50), DocNumber: 'HP-2291', Line: [{ Amount: 1800, DetailType: 'AccountBasedExpenseLineDetail', Description: 'Monthly rent', AccountBasedExpenseLineDetail: { AccountRef: { value: rent.Id } } }] });
}
