import type { FakeRoute } from '@enterprise-mcp/core/testing';
import type { FakeContext } from './context.js';
import { ghlError, ok, unprocessable } from './respond.js';

export function locationRoutes(ctx: FakeContext): FakeRoute[] {
  return [
    {
      method: 'GET',
      path: '/locations/:locationId',
      handler: (request) => {
        // The scoping check already refused other sub-accounts' ids.
        const location = ctx.state.locations.find((l) => l.id === request.params.locationId);
        return location ? ok({ location }) : ghlError(404, 'Location not found');
      },
    },
    {
      method: 'GET',
      path: '/locations/:locationId/customFields',
      handler: (request) => {
        const model = request.query.get('model') ?? 'all';
        const customFields = ctx.state.customFields
          .filter((f) => f.locationId === request.params.locationId)
          .filter((f) => model === 'all' || f.model === model)
          .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
        return ok({ customFields });
      },
    },
    {
      method: 'GET',
      path: '/users/search',
      handler: (request) => {
        const q = request.query;
        const companyId = q.get('companyId');
        if (!companyId) return unprocessable(['companyId should not be empty']);
        const skip = Number(q.get('skip') ?? 0);
        const limit = Number(q.get('limit') ?? 25);
        const text = q.get('query')?.toLowerCase();
        const locationId = q.get('locationId');
        const companyLocations = new Set(ctx.state.locations.filter((l) => l.companyId === companyId).map((l) => l.id));
        const matching = ctx.state.users
          .filter((u) => u.locationIds.some((id) => companyLocations.has(id)))
          .filter((u) => !locationId || u.locationIds.includes(locationId))
          .filter((u) => !text || [u.name, u.email, u.phone].join(' ').toLowerCase().includes(text));
        const users = matching.slice(skip, skip + limit).map(({ locationIds: _ids, ...user }) => user);
        return ok({ users, count: matching.length });
      },
    },
  ];
}
