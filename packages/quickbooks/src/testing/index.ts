export { OAUTH_PATHS, startFake, type QuickBooksFake, type QuickBooksFakeLimits, type QuickBooksFakeOptions } from './fake.js';
export { FAKE_ENTITIES, type Entity, type FakeCompany, type FakeEntityName } from './company.js';
export { DEFAULT_COMPANIES, DEMO_REALM_ID, OTHER_REALM_ID, type FakeCompanySeed } from './seed.js';
export { FAKE_REPORTS } from './reports.js';
export { parseQuery, type ParsedQuery } from './query-engine.js';
export { QUICKBOOKS_ACCOUNTING_SPEC } from './spec.js';
