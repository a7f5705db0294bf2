export {
  DEMO_APPLICATION_ID,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_CONNECTION_ID,
  DEMO_REDIRECT_URI,
  startFake,
  type AmazonFake,
  type AmazonFakeOptions,
} from './fake.js';
export { startFakeBucket, type FakeBucket } from './bucket.js';
export { CONSENT_PATH, GRANTLESS_SCOPES, LWA_TOKEN_PATH, type FakeLwa } from './lwa.js';
export {
  DEMO_SELLER_ID,
  DEMO_STORE_NAME,
  PRODUCT_TYPES,
  defaultAmazonSeed,
  type AmazonFakeSeed,
  type AmazonFakeState,
  type FakeInventory,
  type FakeListing,
  type FakeOrder,
  type FakeReport,
} from './state.js';
