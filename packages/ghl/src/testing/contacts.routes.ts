import type { FakeRequest, FakeRoute } from '@enterprise-mcp/core/testing';
import type { GhlContact, GhlSearchFilter, GhlTask } from '../types.js';
import { bodyOf, lookup, type FakeContext } from './context.js';
import { ghlError, ghlId, isEmail, isPhone, ok, phoneDigits, stringOf, unprocessable } from './respond.js';

const WRITABLE = [
  'firstName', 'lastName', 'name', 'email', 'phone', 'companyName', 'address1', 'city', 'state', 'postalCode',
  'country', 'website', 'timezone', 'source', 'assignedTo', 'dnd', 'tags', 'dateOfBirth', 'customFields',
] as const;

export function contactRoutes(ctx: FakeContext): FakeRoute[] {
  const contactOf = (request: FakeRequest) =>
    lookup(ctx, request, ctx.state.contacts.find((c) => c.id === request.params.contactId), 'Contact');

  return [
    { method: 'POST', path: '/contacts/search', handler: (request) => searchContacts(ctx, request) },
    { method: 'POST', path: '/contacts/upsert', handler: (request) => upsertContact(ctx, request) },
    { method: 'POST', path: '/contacts', handler: (request) => createContact(ctx, request) },
    {
      method: 'GET',
      path: '/contacts/:contactId',
      handler: (request) => {
        const found = contactOf(request);
        return 'response' in found ? found.response : ok({ contact: found.record });
      },
    },
    {
      method: 'PUT',
      path: '/contacts/:contactId',
      handler: (request) => {
        const found = contactOf(request);
        if ('response' in found) return found.response;
        const problems = validateContact(bodyOf(request));
        if (problems.length) return unprocessable(problems);
        Object.assign(found.record, pickWritable(bodyOf(request)), { dateUpdated: ctx.now().toISOString() });
        refreshName(found.record);
        return ok({ succeded: true, contact: found.record });
      },
    },
    {
      method: 'DELETE',
      path: '/contacts/:contactId',
      handler: (request) => {
        const found = contactOf(request);
        if ('response' in found) return found.response;
        const id = found.record.id;
        ctx.state.contacts = ctx.state.contacts.filter((c) => c.id !== id);
        ctx.state.notes = ctx.state.notes.filter((n) => n.contactId !== id);
        ctx.state.tasks = ctx.state.tasks.filter((t) => t.contactId !== id);
        return ok({ succeded: true });
      },
    },
    {
      method: 'POST',
      path: '/contacts/:contactId/tags',
      handler: (request) => {
        const found = contactOf(request);
        if ('response' in found) return found.response;
        const tags = tagsOf(bodyOf(request));
        if (!tags) return unprocessable(['tags must be an array', 'each value in tags must be a string']);
        found.record.tags = [...new Set([...(found.record.tags ?? []), ...tags])];
        return ok({ tags: found.record.tags }, 201);
      },
    },
    {
      method: 'DELETE',
      path: '/contacts/:contactId/tags',
      handler: (request) => {
        const found = contactOf(request);
        if ('response' in found) return found.response;
        const tags = tagsOf(bodyOf(request));
        if (!tags) return unprocessable(['tags must be an array', 'each value in tags must be a string']);
        found.record.tags = (found.record.tags ?? []).filter((t) => !tags.includes(t));
        return ok({ tags: found.record.tags });
      },
    },
    {
      method: 'GET',
      path: '/contacts/:contactId/notes',
      handler: (request) => {
        const found = contactOf(request);
        if ('response' in found) return found.response;
        return ok({ notes: ctx.state.notes.filter((n) => n.contactId === found.record.id) });
      },
    },
    {
      method: 'POST',
      path: '/contacts/:contactId/notes',
      handler: (request) => {
        const found = contactOf(request);
        if ('response' in found) return found.response;
        const body = bodyOf(request);
        if (!stringOf(body.body)) return unprocessable(['body should not be empty', 'body must be a string']);
        const note = {
          id: ghlId(),
          contactId: found.record.id,
          body: String(body.body),
          userId: stringOf(body.userId) ?? null,
          dateAdded: ctx.now().toISOString(),
        };
        ctx.state.notes.push(note);
        return ok({ note }, 201);
      },
    },
    {
      method: 'GET',
      path: '/contacts/:contactId/tasks',
      handler: (request) => {
        const found = contactOf(request);
        if ('response' in found) return found.response;
        return ok({ tasks: ctx.state.tasks.filter((t) => t.contactId === found.record.id) });
      },
    },
    {
      // CreateTaskParams (title, dueDate, completed required) is checked against the spec first.
      method: 'POST',
      path: '/contacts/:contactId/tasks',
      handler: (request) => {
        const found = contactOf(request);
        if ('response' in found) return found.response;
        const body = bodyOf(request);
        if (Number.isNaN(Date.parse(String(body.dueDate)))) return unprocessable(['dueDate must be a valid ISO 8601 date string']);
        if (body.assignedTo !== undefined && !ctx.state.users.some((u) => u.id === body.assignedTo)) {
          return ghlError(400, 'assignedTo must be a user of this location');
        }
        const task: GhlTask = {
          id: ghlId(),
          title: String(body.title),
          ...(typeof body.body === 'string' ? { body: body.body } : {}),
          ...(typeof body.assignedTo === 'string' ? { assignedTo: body.assignedTo } : {}),
          dueDate: new Date(String(body.dueDate)).toISOString(),
          completed: body.completed === true,
          contactId: found.record.id,
        };
        ctx.state.tasks.push(task);
        return ok({ task }, 201);
      },
    },
    {
      method: 'PUT',
      path: '/contacts/:contactId/tasks/:taskId/completed',
      handler: (request) => {
        const found = contactOf(request);
        if ('response' in found) return found.response;
        const task = ctx.state.tasks.find((t) => t.id === request.params.taskId && t.contactId === found.record.id);
        if (!task) return ghlError(404, 'Task not found');
        task.completed = bodyOf(request).completed === true;
        return ok({ task });
      },
    },
  ];
}

function searchContacts(ctx: FakeContext, request: FakeRequest) {
  const body = bodyOf(request);
  const problems: string[] = [];
  if (!stringOf(body.locationId)) problems.push('locationId should not be empty');
  const pageLimit = Number(body.pageLimit);
  if (!Number.isInteger(pageLimit) || pageLimit < 1) problems.push('pageLimit must be a positive integer');
  else if (pageLimit > 500) problems.push('pageLimit must not be greater than 500');
  if (typeof body.query === 'string' && body.query.length > 75) problems.push('query must be shorter than or equal to 75 characters');
  if (problems.length) return unprocessable(problems);
  const page = Number(body.page ?? 1);
  const query = typeof body.query === 'string' ? body.query.toLowerCase() : '';
  const filters = Array.isArray(body.filters) ? body.filters : [];
  const matching = ctx.state.contacts
    .filter((c) => c.locationId === body.locationId)
    .filter((c) => !query || searchableText(c).includes(query))
    .filter((c) => filters.every((f) => matchesFilter(c, f)))
    .sort(sorterOf(body.sort));
  return ok({ contacts: matching.slice((page - 1) * pageLimit, page * pageLimit), total: matching.length });
}

/** The body's first sort rule (`[{ field, direction }]`); newest first when there is none. */
function sorterOf(sort: unknown): (a: GhlContact, b: GhlContact) => number {
  const rule = Array.isArray(sort) ? (sort[0] as { field?: string; direction?: string } | undefined) : undefined;
  const field = rule?.field ?? 'dateAdded';
  const sign = (rule?.direction ?? 'desc') === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = String((a as unknown as Record<string, unknown>)[field] ?? '');
    const y = String((b as unknown as Record<string, unknown>)[field] ?? '');
    return sign * x.localeCompare(y);
  };
}

function createContact(ctx: FakeContext, request: FakeRequest) {
  const body = bodyOf(request);
  const problems = validateContact(body);
  if (!stringOf(body.locationId)) problems.unshift('locationId should not be empty');
  if (problems.length) return unprocessable(problems);
  const duplicate = findDuplicate(ctx, String(body.locationId), body);
  if (duplicate) {
    return ghlError(400, 'This location does not allow duplicated contacts.', {
      meta: { contactName: duplicate.name, contactId: duplicate.id, matchingField: duplicate.email === body.email ? 'email' : 'phone' },
    });
  }
  const contact = newContact(ctx, String(body.locationId), body);
  ctx.state.contacts.push(contact);
  return ok({ contact }, 201);
}

function upsertContact(ctx: FakeContext, request: FakeRequest) {
  const body = bodyOf(request);
  const problems = validateContact(body);
  if (!stringOf(body.locationId)) problems.unshift('locationId should not be empty');
  if (!stringOf(body.email) && !stringOf(body.phone)) problems.push('email or phone is required to upsert a contact');
  if (problems.length) return unprocessable(problems);
  const existing = findDuplicate(ctx, String(body.locationId), body);
  if (!existing) {
    const contact = newContact(ctx, String(body.locationId), body);
    ctx.state.contacts.push(contact);
    return ok({ new: true, contact, traceId: ghlId() });
  }
  const { tags, ...rest } = pickWritable(body);
  Object.assign(existing, rest, { dateUpdated: ctx.now().toISOString() });
  if (Array.isArray(tags)) existing.tags = [...new Set([...(existing.tags ?? []), ...(tags as string[])])];
  refreshName(existing);
  return ok({ new: false, contact: existing, traceId: ghlId() });
}

function newContact(ctx: FakeContext, locationId: string, body: Record<string, unknown>): GhlContact {
  const now = ctx.now().toISOString();
  const contact: GhlContact = {
    id: ghlId(),
    locationId,
    tags: [],
    dnd: false,
    type: 'lead',
    customFields: [],
    source: 'public api',
    ...pickWritable(body),
    dateAdded: now,
    dateUpdated: now,
  };
  refreshName(contact);
  return contact;
}

/** Email first, then phone: the order GoHighLevel's duplicate check uses. */
function findDuplicate(ctx: FakeContext, locationId: string, body: Record<string, unknown>): GhlContact | undefined {
  const inLocation = ctx.state.contacts.filter((c) => c.locationId === locationId);
  const email = stringOf(body.email)?.toLowerCase();
  const phone = phoneDigits(body.phone);
  return (
    (email ? inLocation.find((c) => c.email?.toLowerCase() === email) : undefined) ??
    (phone ? inLocation.find((c) => phoneDigits(c.phone) === phone) : undefined)
  );
}

function validateContact(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (body.email !== undefined && !isEmail(body.email)) problems.push('email must be an email');
  if (body.phone !== undefined && !isPhone(body.phone)) problems.push('phone must be a valid phone number');
  if (body.website !== undefined && !/^https?:\/\/\S+$/.test(String(body.website))) problems.push('website must be a URL address');
  if (body.dateOfBirth !== undefined && Number.isNaN(Date.parse(String(body.dateOfBirth)))) {
    problems.push('dateOfBirth must be a valid date (YYYY-MM-DD)');
  }
  if (body.tags !== undefined && !tagsOf(body)) problems.push('tags must be an array of strings');
  return problems;
}

function pickWritable(body: Record<string, unknown>): Partial<GhlContact> {
  const out: Record<string, unknown> = {};
  for (const key of WRITABLE) if (body[key] !== undefined) out[key] = body[key];
  if (Array.isArray(body.customFields)) {
    out.customFields = (body.customFields as Array<{ id: string; field_value?: unknown }>).map((f) => ({ id: f.id, value: f.field_value }));
  }
  return out as Partial<GhlContact>;
}

function refreshName(contact: GhlContact): void {
  const full = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  if (full) contact.name = full;
}

function tagsOf(body: Record<string, unknown>): string[] | undefined {
  return Array.isArray(body.tags) && body.tags.every((t) => typeof t === 'string') ? (body.tags as string[]) : undefined;
}

function searchableText(contact: GhlContact): string {
  return [contact.name, contact.email, contact.phone, contact.companyName, ...(contact.tags ?? [])]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

function matchesFilter(contact: GhlContact, filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return true;
  if ('group' in filter && Array.isArray((filter as { filters?: unknown }).filters)) {
    const group = filter as { group: string; filters: unknown[] };
    return group.group === 'OR' ? group.filters.some((f) => matchesFilter(contact, f)) : group.filters.every((f) => matchesFilter(contact, f));
  }
  const { field, operator, value } = filter as GhlSearchFilter;
  const actual = (contact as unknown as Record<string, unknown>)[field];
  const present = actual !== undefined && actual !== null && actual !== '' && !(Array.isArray(actual) && actual.length === 0);
  switch (operator) {
    case 'exists':
      return present;
    case 'not_exists':
      return !present;
    case 'eq':
      return equals(field, actual, value);
    case 'not_eq':
      return !equals(field, actual, value);
    case 'contains':
      return contains(actual, value);
    case 'not_contains':
      return !contains(actual, value);
    case 'range':
      return inRange(actual, value as Record<string, unknown>);
    default:
      return false;
  }
}

function equals(field: string, actual: unknown, value: unknown): boolean {
  if (Array.isArray(actual)) return (Array.isArray(value) ? value : [value]).some((v) => actual.includes(v));
  if (field === 'phone') return phoneDigits(actual) === phoneDigits(value);
  if (typeof actual === 'string' && typeof value === 'string') return actual.toLowerCase() === value.toLowerCase();
  return actual === value;
}

function contains(actual: unknown, value: unknown): boolean {
  const needles = (Array.isArray(value) ? value : [value]).map((v) => String(v).toLowerCase());
  if (Array.isArray(actual)) return needles.some((n) => actual.some((a) => String(a).toLowerCase().includes(n)));
  return typeof actual === 'string' && needles.some((n) => actual.toLowerCase().includes(n));
}

function inRange(actual: unknown, range: Record<string, unknown> | undefined): boolean {
  if (!range || actual === undefined || actual === null) return false;
  const toNumber = (v: unknown) => (typeof v === 'number' ? v : Date.parse(String(v)));
  const a = toNumber(actual);
  const check = (key: string, test: (a: number, b: number) => boolean) => range[key] === undefined || test(a, toNumber(range[key]));
  return check('gte', (x, y) => x >= y) && check('lte', (x, y) => x <= y) && check('gt', (x, y) => x > y) && check('lt', (x, y) => x < y);
}
