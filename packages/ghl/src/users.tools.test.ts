import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GhlClient } from './client.js';
import { ghlEcosystem } from './ecosystem.js';
import { getLocation } from './locations.api.js';
import { take } from './paginate.js';
import { startFake, type GhlFake } from './testing/index.js';
import { listUsers } from './users.api.js';

let fake: GhlFake;
let h: ToolHarness<GhlClient>;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  h = toolHarness(ghlEcosystem, fake);
});
afterAll(() => fake.close());

const usersSearches = () => fake.requests.filter((r) => r.path === '/users/search');
const locationReads = () => fake.requests.filter((r) => r.path.startsWith('/locations/'));

describe('user tools against the GoHighLevel fake', () => {
  it('lists the users of this sub-account only, via the agency id of the location', async () => {
    const outcome = await h.run('ghl_list_users', {});
    expect(outcome.result.structuredContent!.users).toEqual([
      { id: 'UserAlexRivera000001', name: 'Alex Rivera', email: 'alex@sunrise-dental.example', role: 'admin' },
      { id: 'UserSamLee0000000002', name: 'Sam Lee', email: 'sam@sunrise-dental.example', role: 'user' },
    ]);
    expect(usersSearches()[0]!.query.get('companyId')).toBe('DemoAgency0000000001');
  });

  it('reads the agency id once per client', async () => {
    await getLocation(h.client);
    await h.run('ghl_list_users', {});
    await h.run('ghl_list_users', { query: 'sam' });
    expect(locationReads()).toHaveLength(1);
    expect(usersSearches()).toHaveLength(2);
  });

  it('pages users with skip/limit', async () => {
    fake.seed({
      users: Array.from({ length: 120 }, (_, i) => ({ id: `BulkUser${i}`, name: `User ${i}`, locationIds: [fake.locationId] })),
    });
    const users = await take(listUsers(h.client));
    expect(users).toHaveLength(122);
    expect(usersSearches().map((r) => r.query.get('skip'))).toEqual(['0', '100']);
  });

  it('fails to list users when the platform is unavailable', async () => {
    fake.failNext({ status: 500, path: '/users/search', body: { statusCode: 500, message: 'Internal server error' } });
    expect(await h.run('ghl_list_users', {})).toMatchObject({ result: { isError: true }, error: { code: 'upstream_unavailable' } });
  });
});
