/**
 * The GoHighLevel API 2.0 shapes this package reads and writes, after the
 * platform's OpenAPI files (contacts, opportunities, calendars, conversations,
 * locations, users). Fields the tools do not use are left out.
 */

export interface GhlCustomFieldValue {
  id: string;
  value?: unknown;
}

export interface GhlContact {
  id: string;
  locationId: string;
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  companyName?: string | null;
  address1?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
  website?: string | null;
  timezone?: string | null;
  source?: string | null;
  type?: string | null;
  assignedTo?: string | null;
  dnd?: boolean;
  tags?: string[];
  dateOfBirth?: string | null;
  dateAdded?: string;
  dateUpdated?: string;
  customFields?: GhlCustomFieldValue[];
}

/** Writable contact fields (CreateContactDto / UpdateContactDto / UpsertContactDto). */
export interface GhlContactInput {
  firstName?: string;
  lastName?: string;
  name?: string;
  email?: string;
  phone?: string;
  companyName?: string;
  address1?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  website?: string;
  timezone?: string;
  source?: string;
  assignedTo?: string;
  dnd?: boolean;
  tags?: string[];
  dateOfBirth?: string;
  customFields?: Array<{ id: string; field_value: unknown }>;
}

export interface GhlNote {
  id: string;
  body: string;
  userId?: string | null;
  dateAdded?: string;
  contactId?: string;
}

export interface GhlTask {
  id: string;
  title: string;
  body?: string | null;
  assignedTo?: string | null;
  dueDate?: string | null;
  completed?: boolean;
  contactId?: string;
}

/** One filter of the Search Contacts body: a field, an operator and a value. */
export interface GhlSearchFilter {
  field: string;
  operator: 'eq' | 'not_eq' | 'contains' | 'not_contains' | 'exists' | 'not_exists' | 'range';
  value?: unknown;
}

export interface GhlContactSearch {
  query?: string;
  filters?: Array<GhlSearchFilter | { group: 'AND' | 'OR'; filters: GhlSearchFilter[] }>;
  sort?: Array<{ field: string; direction: 'asc' | 'desc' }>;
}

export interface GhlPipelineStage {
  id: string;
  name: string;
  position?: number;
}

export interface GhlPipeline {
  id: string;
  name: string;
  locationId?: string;
  stages: GhlPipelineStage[];
}

export type GhlOpportunityStatus = 'open' | 'won' | 'lost' | 'abandoned';

export interface GhlOpportunity {
  id: string;
  name: string;
  monetaryValue?: number | null;
  pipelineId: string;
  pipelineStageId?: string | null;
  assignedTo?: string | null;
  status: string;
  source?: string | null;
  contactId?: string;
  locationId?: string;
  createdAt?: string;
  updatedAt?: string;
  lastStatusChangeAt?: string;
  lastStageChangeAt?: string;
  /** Why the deal was lost (set with the status endpoint). */
  lostReasonId?: string | null;
  contact?: { id?: string; name?: string; email?: string; phone?: string; companyName?: string; tags?: string[] };
}

export interface GhlOpportunitySearch {
  query?: string;
  pipelineId?: string;
  pipelineStageId?: string;
  status?: GhlOpportunityStatus | 'all';
  assignedTo?: string;
  contactId?: string;
}

export interface GhlOpportunityInput {
  name?: string;
  pipelineId?: string;
  pipelineStageId?: string;
  status?: GhlOpportunityStatus;
  contactId?: string;
  monetaryValue?: number;
  assignedTo?: string;
}

export interface GhlCalendar {
  id: string;
  locationId: string;
  name: string;
  description?: string | null;
  calendarType?: string;
  slotDuration?: number;
  slotDurationUnit?: string;
  isActive?: boolean;
  groupId?: string | null;
}

export type GhlAppointmentStatus = 'new' | 'confirmed' | 'cancelled' | 'showed' | 'noshow' | 'invalid';

export interface GhlCalendarEvent {
  id: string;
  calendarId: string;
  locationId: string;
  contactId?: string;
  title?: string;
  appointmentStatus?: string;
  assignedUserId?: string;
  address?: string;
  notes?: string;
  startTime: string;
  endTime?: string;
  dateAdded?: string;
  dateUpdated?: string;
}

export interface GhlAppointmentInput {
  calendarId?: string;
  contactId?: string;
  startTime?: string;
  endTime?: string;
  title?: string;
  appointmentStatus?: GhlAppointmentStatus;
  assignedUserId?: string;
  address?: string;
  meetingLocationType?: string;
  ignoreFreeSlotValidation?: boolean;
  toNotify?: boolean;
}

export interface GhlFreeSlotsQuery {
  /** Inclusive range start and end, epoch milliseconds; at most 31 days apart. */
  startDate: number;
  endDate: number;
  timezone?: string;
  userId?: string;
}

/** Free slots per day (`YYYY-MM-DD`), each slot an ISO time with offset in the requested timezone. */
export type GhlFreeSlots = Record<string, string[]>;

export interface GhlConversation {
  id: string;
  contactId: string;
  locationId: string;
  lastMessageBody?: string;
  lastMessageType?: string;
  lastMessageDate?: number;
  type?: string;
  unreadCount?: number;
  fullName?: string;
  contactName?: string;
  email?: string;
  phone?: string;
}

export interface GhlConversationSearch {
  contactId?: string;
  query?: string;
  status?: 'all' | 'read' | 'unread' | 'starred' | 'recents';
  assignedTo?: string;
}

export interface GhlMessage {
  id: string;
  type?: number;
  messageType: string;
  locationId?: string;
  contactId?: string;
  conversationId: string;
  dateAdded: string;
  body?: string;
  direction: 'inbound' | 'outbound';
  status?: string;
  contentType?: string;
}

export interface GhlSendMessageInput {
  type: 'SMS' | 'Email';
  contactId: string;
  message?: string;
  subject?: string;
  html?: string;
  emailFrom?: string;
  emailTo?: string;
  scheduledTimestamp?: number;
}

export interface GhlSendMessageResult {
  conversationId: string;
  messageId: string;
  emailMessageId?: string;
  msg?: string;
  status?: string;
}

export interface GhlLocation {
  id: string;
  companyId?: string;
  name: string;
  address?: string;
  city?: string;
  state?: string;
  country?: string;
  postalCode?: string;
  website?: string;
  timezone?: string;
  email?: string;
  phone?: string;
}

export interface GhlUser {
  id: string;
  name?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  roles?: { type?: string; role?: string; locationIds?: string[] };
}

/** A custom field of the sub-account (GET /locations/{locationId}/customFields, CustomFieldSchema). */
export interface GhlCustomField {
  id: string;
  name: string;
  fieldKey?: string;
  placeholder?: string;
  dataType?: string;
  position?: number;
  picklistOptions?: string[];
  locationId?: string;
  model?: 'contact' | 'opportunity';
}

/** A note on an appointment (GetNoteSchema of the calendars API). */
export interface GhlAppointmentNote {
  id: string;
  body: string;
  userId?: string;
  dateAdded?: string;
  contactId?: string;
  createdBy?: { id?: string; name?: string };
}

/** A reason a deal was lost (LostReasonResponseSchema). */
export interface GhlLostReason {
  id: string;
  name: string;
  locationId?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** CreateTaskParams: title, dueDate and completed are required. */
export interface GhlTaskInput {
  title: string;
  dueDate: string;
  completed: boolean;
  body?: string;
  assignedTo?: string;
}
