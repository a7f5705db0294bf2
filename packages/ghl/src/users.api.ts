import type { GhlClient } from './client.js';
import { companyIdOf } from './locations.api.js';
import { paginate, type ListOptions } from './paginate.js';
import type { GhlUser } from './types.js';

// Users API, Version 2021-07-28.

/** Search Users (GET /users/search) of the client's location, paged with skip/limit; it needs the agency id, read once from the location. */
export function listUsers(client: GhlClient, options: ListOptions & { query?: string } = {}): AsyncGenerator<GhlUser> {
  return paginate<GhlUser, number>(
    async (skip = 0, limit) => {
      const companyId = await companyIdOf(client, options.signal);
      const body = await client.request<{ users: GhlUser[]; count: number }>('GET', '/users/search', {
        query: { companyId, locationId: client.locationId, query: options.query, skip: String(skip), limit: String(limit) },
        signal: options.signal,
      });
      const users = body.users ?? [];
      const next = skip + users.length;
      return { items: users, next: users.length > 0 && next < (body.count ?? 0) ? next : undefined, total: body.count };
    },
    { limit: options.limit, pageSize: 100, onPage: options.onPage },
  );
}
