import { setTimeout as delay } from 'node:timers/promises';
import {
  CancelledError,
  ConfigurationError,
  createHttpClient,
  RateLimitedError,
  type ClientDependencies,
  type HttpClient,
  type HttpRequest,
} from '@enterprise-mcp/core';
import { mapGhlError, PLATFORM } from './errors.js';
import { paginate } from './paginate.js';
import { parseRateLimitHeaders, type GhlRateLimitBudget } from './rate-limit.js';
import type {
  GhlAppointmentInput,
  GhlCalendar,
  GhlCalendarEvent,
  GhlContact,
  GhlContactInput,
  GhlContactSearch,
  GhlConversation,
  GhlConversationSearch,
  GhlFreeSlots,
  GhlFreeSlotsQuery,
  GhlLocation,
  GhlMessage,
  GhlNote,
  GhlOpportunity,
  GhlOpportunityInput,
  GhlOpportunitySearch,
  GhlPipeline,
  GhlSendMessageInput,
  GhlSendMessageResult,
  GhlTask,
  GhlUser,
} from './types.js';
import { versionForPath } from './versions.js';

export const GHL_BASE_URL = 'https://services.leadconnectorhq.com';

/** Returns a current access token; the OAuth token store supplies one that refreshes itself. */
export type GhlAccessTokenProvider = () => string | Promise<string>;

export interface GhlClientOptions extends ClientDependencies {
  /** The sub-account (location) every call is scoped to. */
  locationId: string;
  /** A Private Integration token of that sub-account. */
  apiKey?: string;
  /** Instead of `apiKey`: a function that returns a current OAuth access token per request. */
  accessToken?: GhlAccessTokenProvider;
  baseUrl?: string;
  timeoutMs?: number;
  retries?: number;
  maxRetryAfterSeconds?: number;
}

export type GhlRequestOptions = Omit<HttpRequest, 'path' | 'method'> & {
  /** A read-only POST (searches): safe to send again after a 429, which core only does for idempotent verbs. */
  readOnly?: boolean;
};

const READ_ONLY_POST_RETRIES = 2;
type ListOptions = { limit?: number; signal?: AbortSignal };

/** A typed GoHighLevel API 2.0 client for one sub-account. */
export class GhlClient {
  readonly locationId: string;
  readonly baseUrl: string;
  private readonly http: HttpClient;
  private readonly maxRetryAfterSeconds: number;
  private budget?: GhlRateLimitBudget;
  private companyId?: string;

  constructor(options: GhlClientOptions) {
    if (!options.locationId) throw new ConfigurationError('GoHighLevel client', [{ variable: 'locationId', message: 'is required' }]);
    const token = tokenSource(options);
    this.locationId = options.locationId;
    this.baseUrl = options.baseUrl ?? GHL_BASE_URL;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
    this.http = createHttpClient({
      platform: PLATFORM,
      baseUrl: this.baseUrl,
      headers: async () => ({ authorization: `Bearer ${await token()}` }),
      mapError: mapGhlError,
      rateLimiter: options.rateLimiter,
      // GoHighLevel counts per location and app, so one budget per location.
      rateLimitKey: `ghl:${options.locationId}`,
      onResponse: (_status, headers) => {
        this.budget = parseRateLimitHeaders(headers) ?? this.budget;
      },
      logger: options.logger,
      userAgent: options.userAgent,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds,
    });
  }

  /** The rate-limit budget GoHighLevel reported on the last response, if any. */
  get rateLimitBudget(): GhlRateLimitBudget | undefined {
    return this.budget;
  }

  // ---- contacts (Version 2021-07-28) ----

  /** Search Contacts (POST /contacts/search), paged with page/pageLimit until `total`. */
  searchContacts(search: GhlContactSearch = {}, options: ListOptions = {}): AsyncGenerator<GhlContact> {
    return paginate<GhlContact, number>(
      async (page = 1, pageLimit) => {
        const body = await this.call<{ contacts: GhlContact[]; total: number }>('POST', '/contacts/search', {
          json: { locationId: this.locationId, page, pageLimit, ...search },
          signal: options.signal,
          readOnly: true,
        });
        const contacts = body.contacts ?? [];
        const more = contacts.length === pageLimit && page * pageLimit < (body.total ?? 0);
        return { items: contacts, next: more ? page + 1 : undefined };
      },
      { limit: options.limit, pageSize: 100 },
    );
  }

  async getContact(contactId: string, signal?: AbortSignal): Promise<GhlContact> {
    return (await this.call<{ contact: GhlContact }>('GET', `/contacts/${enc(contactId)}`, { signal })).contact;
  }

  async createContact(input: GhlContactInput, signal?: AbortSignal): Promise<GhlContact> {
    const body = await this.call<{ contact: GhlContact }>('POST', '/contacts/', { json: { ...input, locationId: this.locationId }, signal });
    return body.contact;
  }

  async updateContact(contactId: string, input: GhlContactInput, signal?: AbortSignal): Promise<GhlContact> {
    return (await this.call<{ contact: GhlContact }>('PUT', `/contacts/${enc(contactId)}`, { json: input, signal })).contact;
  }

  /** Upsert Contact: GoHighLevel finds a duplicate by email or phone (per the location's duplicate settings). */
  async upsertContact(input: GhlContactInput, signal?: AbortSignal): Promise<{ new: boolean; contact: GhlContact }> {
    const body = await this.call<{ new: boolean; contact: GhlContact }>('POST', '/contacts/upsert', {
      json: { ...input, locationId: this.locationId },
      signal,
    });
    return { new: Boolean(body.new), contact: body.contact };
  }

  async deleteContact(contactId: string, signal?: AbortSignal): Promise<boolean> {
    return Boolean((await this.call<{ succeded?: boolean }>('DELETE', `/contacts/${enc(contactId)}`, { signal })).succeded);
  }

  async addContactTags(contactId: string, tags: string[], signal?: AbortSignal): Promise<string[]> {
    return (await this.call<{ tags: string[] }>('POST', `/contacts/${enc(contactId)}/tags`, { json: { tags }, signal })).tags ?? [];
  }

  async removeContactTags(contactId: string, tags: string[], signal?: AbortSignal): Promise<string[]> {
    return (await this.call<{ tags: string[] }>('DELETE', `/contacts/${enc(contactId)}/tags`, { json: { tags }, signal })).tags ?? [];
  }

  async listContactNotes(contactId: string, signal?: AbortSignal): Promise<GhlNote[]> {
    return (await this.call<{ notes: GhlNote[] }>('GET', `/contacts/${enc(contactId)}/notes`, { signal })).notes ?? [];
  }

  async addContactNote(contactId: string, note: { body: string; userId?: string }, signal?: AbortSignal): Promise<GhlNote> {
    return (await this.call<{ note: GhlNote }>('POST', `/contacts/${enc(contactId)}/notes`, { json: note, signal })).note;
  }

  async listContactTasks(contactId: string, signal?: AbortSignal): Promise<GhlTask[]> {
    return (await this.call<{ tasks: GhlTask[] }>('GET', `/contacts/${enc(contactId)}/tasks`, { signal })).tasks ?? [];
  }

  // ---- opportunities (Version 2021-07-28) ----

  async listPipelines(signal?: AbortSignal): Promise<GhlPipeline[]> {
    const body = await this.call<{ pipelines: GhlPipeline[] }>('GET', '/opportunities/pipelines', {
      query: { locationId: this.locationId },
      signal,
    });
    return body.pipelines ?? [];
  }

  /** Search Opportunity (GET /opportunities/search), paged with the startAfter/startAfterId cursor from `meta`. */
  searchOpportunities(search: GhlOpportunitySearch = {}, options: ListOptions = {}): AsyncGenerator<GhlOpportunity> {
    type Cursor = { startAfter: string; startAfterId: string };
    return paginate<GhlOpportunity, Cursor>(
      async (cursor, limit) => {
        const body = await this.call<{
          opportunities: GhlOpportunity[];
          meta?: { startAfter?: number | string; startAfterId?: string; nextPageUrl?: string | null };
        }>('GET', '/opportunities/search', {
          query: {
            location_id: this.locationId,
            q: search.query,
            pipeline_id: search.pipelineId,
            pipeline_stage_id: search.pipelineStageId,
            status: search.status,
            assigned_to: search.assignedTo,
            contact_id: search.contactId,
            limit,
            ...cursor,
          },
          signal: options.signal,
        });
        const meta = body.meta;
        const next =
          meta?.nextPageUrl && meta.startAfterId && meta.startAfter !== undefined
            ? { startAfter: String(meta.startAfter), startAfterId: meta.startAfterId }
            : undefined;
        return { items: body.opportunities ?? [], next };
      },
      { limit: options.limit, pageSize: 100 },
    );
  }

  async getOpportunity(id: string, signal?: AbortSignal): Promise<GhlOpportunity> {
    return (await this.call<{ opportunity: GhlOpportunity }>('GET', `/opportunities/${enc(id)}`, { signal })).opportunity;
  }

  async createOpportunity(input: GhlOpportunityInput, signal?: AbortSignal): Promise<GhlOpportunity> {
    const body = await this.call<{ opportunity: GhlOpportunity }>('POST', '/opportunities/', {
      json: { ...input, locationId: this.locationId },
      signal,
    });
    return body.opportunity;
  }

  async updateOpportunity(id: string, input: GhlOpportunityInput, signal?: AbortSignal): Promise<GhlOpportunity> {
    return (await this.call<{ opportunity: GhlOpportunity }>('PUT', `/opportunities/${enc(id)}`, { json: input, signal })).opportunity;
  }

  async deleteOpportunity(id: string, signal?: AbortSignal): Promise<boolean> {
    return Boolean((await this.call<{ succeded?: boolean }>('DELETE', `/opportunities/${enc(id)}`, { signal })).succeded);
  }

  // ---- calendars (Version 2021-04-15) ----

  async listCalendars(signal?: AbortSignal): Promise<GhlCalendar[]> {
    const body = await this.call<{ calendars: GhlCalendar[] }>('GET', '/calendars/', { query: { locationId: this.locationId }, signal });
    return body.calendars ?? [];
  }

  /** Free slots per day; GoHighLevel allows at most 31 days per request. */
  async getFreeSlots(calendarId: string, query: GhlFreeSlotsQuery, signal?: AbortSignal): Promise<GhlFreeSlots> {
    const body = await this.call<Record<string, unknown>>('GET', `/calendars/${enc(calendarId)}/free-slots`, {
      query: { startDate: query.startDate, endDate: query.endDate, timezone: query.timezone, userId: query.userId },
      signal,
    });
    const days: GhlFreeSlots = {};
    // The answer is keyed by date; other keys (traceId) are not days.
    for (const [key, value] of Object.entries(body ?? {})) {
      const slots = (value as { slots?: unknown })?.slots;
      if (/^\d{4}-\d{2}-\d{2}$/.test(key) && Array.isArray(slots)) days[key] = slots.map(String);
    }
    return days;
  }

  /** Calendar events between two instants for a calendar, user or group (one is required). */
  async listCalendarEvents(
    query: { calendarId?: string; userId?: string; groupId?: string; startTime: number; endTime: number },
    signal?: AbortSignal,
  ): Promise<GhlCalendarEvent[]> {
    const body = await this.call<{ events: GhlCalendarEvent[] }>('GET', '/calendars/events', {
      query: { locationId: this.locationId, ...query, startTime: String(query.startTime), endTime: String(query.endTime) },
      signal,
    });
    return body.events ?? [];
  }

  async createAppointment(input: GhlAppointmentInput, signal?: AbortSignal): Promise<GhlCalendarEvent> {
    return this.call<GhlCalendarEvent>('POST', '/calendars/events/appointments', { json: { ...input, locationId: this.locationId }, signal });
  }

  async updateAppointment(eventId: string, input: GhlAppointmentInput, signal?: AbortSignal): Promise<GhlCalendarEvent> {
    return this.call<GhlCalendarEvent>('PUT', `/calendars/events/appointments/${enc(eventId)}`, { json: input, signal });
  }

  // ---- conversations (Version 2021-04-15) ----

  /**
   * Search Conversations, most recent activity first. The documented cursor is `startAfterDate`,
   * "the sort value of the last document", but the documented ConversationSchema carries no sort
   * value: the live API adds `lastMessageDate` (epoch ms), which is what the sort uses. So a page
   * is followed only when its last conversation carries a numeric `lastMessageDate`; otherwise
   * the iterator stops after one page (up to 100) rather than guess a cursor. Tools ask for one
   * page and need no cursor.
   */
  searchConversations(search: GhlConversationSearch = {}, options: ListOptions = {}): AsyncGenerator<GhlConversation> {
    let seen = 0;
    return paginate<GhlConversation, number>(
      async (startAfterDate, limit) => {
        const body = await this.call<{ conversations: GhlConversation[]; total: number }>('GET', '/conversations/search', {
          query: { locationId: this.locationId, ...search, limit, startAfterDate, sort: 'desc', sortBy: 'last_message_date' },
          signal: options.signal,
        });
        const items = body.conversations ?? [];
        seen += items.length;
        const last = items.at(-1)?.lastMessageDate;
        const more = items.length === limit && seen < (body.total ?? 0) && typeof last === 'number' && Number.isFinite(last);
        return { items, next: more ? last : undefined };
      },
      { limit: options.limit, pageSize: 100 },
    );
  }

  /** Messages of one conversation, newest first, paged with `lastMessageId`. */
  listMessages(conversationId: string, options: ListOptions = {}): AsyncGenerator<GhlMessage> {
    type MessagesPage = { lastMessageId?: string; nextPage?: boolean; messages: GhlMessage[] };
    return paginate<GhlMessage, string>(
      async (lastMessageId, limit) => {
        const raw = await this.call<MessagesPage | { messages: MessagesPage }>('GET', `/conversations/${enc(conversationId)}/messages`, {
          query: { limit, lastMessageId },
          signal: options.signal,
        });
        // The OpenAPI file documents a flat page; the live API has been seen nesting it under `messages`.
        const page: MessagesPage = Array.isArray(raw.messages) ? (raw as MessagesPage) : (raw.messages as MessagesPage);
        return { items: page.messages ?? [], next: page.nextPage && page.lastMessageId ? page.lastMessageId : undefined };
      },
      { limit: options.limit, pageSize: 100 },
    );
  }

  async sendMessage(input: GhlSendMessageInput, signal?: AbortSignal): Promise<GhlSendMessageResult> {
    return this.call<GhlSendMessageResult>('POST', '/conversations/messages', { json: input, signal });
  }

  // ---- locations and users (Version 2021-07-28) ----

  async getLocation(signal?: AbortSignal): Promise<GhlLocation> {
    const location = (await this.call<{ location: GhlLocation }>('GET', `/locations/${enc(this.locationId)}`, { signal })).location;
    this.companyId = location.companyId ?? this.companyId;
    return location;
  }

  /** Users of this sub-account (Search Users, paged with skip/limit); needs the agency id, read once from the location. */
  listUsers(options: ListOptions & { query?: string } = {}): AsyncGenerator<GhlUser> {
    return paginate<GhlUser, number>(
      async (skip = 0, limit) => {
        const companyId = this.companyId ?? (await this.getLocation(options.signal)).companyId;
        const body = await this.call<{ users: GhlUser[]; count: number }>('GET', '/users/search', {
          query: { companyId, locationId: this.locationId, query: options.query, skip: String(skip), limit: String(limit) },
          signal: options.signal,
        });
        const users = body.users ?? [];
        const next = skip + users.length;
        return { items: users, next: users.length > 0 && next < (body.count ?? 0) ? next : undefined };
      },
      { limit: options.limit, pageSize: 100 },
    );
  }

  /**
   * One API call with the token, the Version header its API needs, typed errors and rate-limit
   * tracking. The per-area call modules (`<area>.api.ts`) are built on it.
   */
  request<T>(method: NonNullable<HttpRequest['method']>, path: string, options: GhlRequestOptions = {}): Promise<T> {
    return this.call<T>(method, path, options);
  }

  /** Sends one request with the Version header its API requires. */
  private async call<T>(method: NonNullable<HttpRequest['method']>, path: string, options: GhlRequestOptions = {}): Promise<T> {
    const { readOnly, ...request } = options;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.http.request<T>({
          ...request,
          method,
          path,
          headers: { version: versionForPath(path), ...request.headers },
        });
        return response.body;
      } catch (error) {
        const retry =
          readOnly &&
          attempt < READ_ONLY_POST_RETRIES &&
          error instanceof RateLimitedError &&
          error.retryAfterSeconds <= this.maxRetryAfterSeconds;
        if (!retry) throw error;
        await wait(error.retryAfterSeconds * 1000, request.signal);
      }
    }
  }
}

async function wait(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    throw new CancelledError('The GoHighLevel request was cancelled while waiting out a rate limit', { platform: PLATFORM, cause: error });
  }
}

function tokenSource(options: GhlClientOptions): GhlAccessTokenProvider {
  if (options.accessToken) return options.accessToken;
  const apiKey = options.apiKey;
  if (!apiKey) {
    throw new ConfigurationError('GoHighLevel client', [
      { variable: 'apiKey', message: 'is required (a Private Integration token, or pass accessToken for OAuth)' },
    ]);
  }
  return () => apiKey;
}

function enc(id: string): string {
  return encodeURIComponent(id);
}
