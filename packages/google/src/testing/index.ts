export { DEMO_CONNECTION_ID, startFake, type GoogleFake, type GoogleFakeOptions } from './fake.js';
export { FAKE_OAUTH_CLIENT, JWT_BEARER, type FakeGoogleUser, type Grant, type GoogleOAuth } from './oauth.js';
export { googleError, type ErrorExtra } from './respond.js';
export { DEMO_USERS, type GoogleFakeState, type StoredCalendar, type StoredEvent } from './state.js';
export type { Mailbox, StoredMessage } from './mail-state.js';
