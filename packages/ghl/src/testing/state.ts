import type {
  GhlAppointmentNote,
  GhlCustomField,
  GhlLostReason,
  GhlCalendar,
  GhlCalendarEvent,
  GhlContact,
  GhlConversation,
  GhlLocation,
  GhlMessage,
  GhlNote,
  GhlOpportunity,
  GhlPipeline,
  GhlTask,
  GhlUser,
} from '../types.js';

/** Open hours in the shape GoHighLevel calendars use: weekdays (0 = Sunday) and local hour windows. */
export interface FakeOpenHours {
  daysOfTheWeek: number[];
  hours: Array<{ openHour: number; openMinute: number; closeHour: number; closeMinute: number }>;
}

export type FakeCalendar = GhlCalendar & { openHours: FakeOpenHours[] };
export type FakeUser = GhlUser & { locationIds: string[] };
export type FakePipeline = GhlPipeline & { locationId: string };

/** Everything the fake holds; tests may read and change it directly. */
export interface GhlFakeState {
  locations: GhlLocation[];
  users: FakeUser[];
  contacts: GhlContact[];
  notes: GhlNote[];
  tasks: GhlTask[];
  pipelines: FakePipeline[];
  opportunities: GhlOpportunity[];
  calendars: FakeCalendar[];
  events: GhlCalendarEvent[];
  conversations: GhlConversation[];
  messages: GhlMessage[];
  customFields: GhlCustomField[];
  /** Notes on appointments; `appointmentId` says which. */
  appointmentNotes: Array<GhlAppointmentNote & { appointmentId: string }>;
  lostReasons: GhlLostReason[];
}

export type GhlFakeSeed = Partial<GhlFakeState>;

export function emptyState(): GhlFakeState {
  return {
    locations: [],
    users: [],
    contacts: [],
    notes: [],
    tasks: [],
    pipelines: [],
    opportunities: [],
    calendars: [],
    events: [],
    conversations: [],
    messages: [],
    customFields: [],
    appointmentNotes: [],
    lostReasons: [],
  };
}

/** Adds seed records to the state (records are copied, so a seed can be reused). */
export function applySeed(state: GhlFakeState, seed: GhlFakeSeed): void {
  for (const key of Object.keys(seed) as Array<keyof GhlFakeState>) {
    const records = (seed[key] ?? []) as unknown[];
    (state[key] as unknown[]).push(...structuredClone(records));
  }
}

export const DEMO_COMPANY_ID = 'DemoAgency0000000001';

/**
 * The default seed: a small dental practice with contacts, a sales pipeline
 * with stages and deals, a consultation calendar with open hours, an
 * appointment and a conversation. Demo mode serves it; tests start from it.
 */
export function defaultGhlSeed(locationId: string, otherLocationId: string): GhlFakeSeed {
  const contact = (id: string, first: string, last: string, extra: Partial<GhlContact>): GhlContact => ({
    id,
    locationId,
    name: `${first} ${last}`,
    firstName: first,
    lastName: last,
    tags: [],
    dnd: false,
    type: 'lead',
    source: 'public api',
    customFields: [],
    ...extra,
  });
  return {
    locations: [
      {
        id: locationId,
        companyId: DEMO_COMPANY_ID,
        name: 'Sunrise Dental (demo)',
        address: '120 Harbor Street',
        city: 'Boston',
        state: 'MA',
        country: 'US',
        postalCode: '02110',
        website: 'https://sunrise-dental.example',
        timezone: 'America/New_York',
        email: 'front-desk@sunrise-dental.example',
        phone: '+16175550100',
      },
      { id: otherLocationId, companyId: DEMO_COMPANY_ID, name: 'Another Client (demo)', timezone: 'America/Chicago' },
    ],
    users: [
      user('UserAlexRivera000001', 'Alex', 'Rivera', 'alex@sunrise-dental.example', 'admin', [locationId]),
      user('UserSamLee0000000002', 'Sam', 'Lee', 'sam@sunrise-dental.example', 'user', [locationId]),
      user('UserJordanPatel00003', 'Jordan', 'Patel', 'jordan@another.example', 'user', [otherLocationId]),
    ],
    contacts: [
      contact('ContactJaneDoe000001', 'Jane', 'Doe', {
        email: 'jane.doe@example.com',
        phone: '+16175550101',
        companyName: 'Doe Design',
        tags: ['vip', 'new-patient'],
        assignedTo: 'UserAlexRivera000001',
        dateAdded: '2026-09-01T14:00:00.000Z',
        dateUpdated: '2026-09-01T14:00:00.000Z',
      }),
      contact('ContactJohnSmith0002', 'John', 'Smith', {
        email: 'john.smith@example.com',
        phone: '+16175550102',
        tags: ['new-patient'],
        dateAdded: '2026-09-15T09:30:00.000Z',
        dateUpdated: '2026-09-20T10:00:00.000Z',
      }),
      contact('ContactMariaGarcia03', 'Maria', 'Garcia', {
        email: 'maria.garcia@example.com',
        phone: '+16175550103',
        tags: ['recall', 'insurance-pending'],
        assignedTo: 'UserSamLee0000000002',
        dateAdded: '2026-10-02T16:45:00.000Z',
        dateUpdated: '2026-10-02T16:45:00.000Z',
      }),
      contact('ContactWeiChen000004', 'Wei', 'Chen', {
        email: 'wei.chen@example.com',
        phone: '+16175550104',
        companyName: 'Chen Logistics',
        tags: ['vip'],
        dateAdded: '2026-10-20T11:15:00.000Z',
        dateUpdated: '2026-10-21T08:00:00.000Z',
      }),
      contact('ContactAmaraOkafor05', 'Amara', 'Okafor', {
        email: 'amara.okafor@example.com',
        tags: ['newsletter'],
        dateAdded: '2026-11-05T13:00:00.000Z',
        dateUpdated: '2026-11-05T13:00:00.000Z',
      }),
      {
        id: 'ContactOtherLocation1',
        locationId: otherLocationId,
        name: 'Other Client',
        firstName: 'Other',
        lastName: 'Client',
        email: 'other@another.example',
        tags: [],
        dateAdded: '2026-09-01T00:00:00.000Z',
      },
    ],
    notes: [
      {
        id: 'NoteJaneInsurance001',
        contactId: 'ContactJaneDoe000001',
        body: 'Prefers morning appointments; insurance verified.',
        userId: 'UserAlexRivera000001',
        dateAdded: '2026-09-02T15:00:00.000Z',
      },
    ],
    tasks: [
      {
        id: 'TaskCallJaneBack0001',
        contactId: 'ContactJaneDoe000001',
        title: 'Call back about whitening quote',
        body: 'She asked for a price for two sessions.',
        assignedTo: 'UserAlexRivera000001',
        dueDate: '2026-12-01T15:00:00.000Z',
        completed: false,
      },
      {
        id: 'TaskSendForms0000002',
        contactId: 'ContactMariaGarcia03',
        title: 'Send new-patient forms',
        assignedTo: 'UserSamLee0000000002',
        dueDate: '2026-11-30T14:00:00.000Z',
        completed: true,
      },
    ],
    pipelines: [
      {
        id: 'PipelineSales0000001',
        name: 'Treatment Plans',
        locationId,
        stages: [
          { id: 'stage-new-lead', name: 'New Lead', position: 0 },
          { id: 'stage-consult-booked', name: 'Consultation Booked', position: 1 },
          { id: 'stage-proposal-sent', name: 'Proposal Sent', position: 2 },
          { id: 'stage-closed', name: 'Closed', position: 3 },
        ],
      },
    ],
    opportunities: [
      opportunity('OppJaneWhitening0001', 'Jane Doe - Whitening', 'ContactJaneDoe000001', 'stage-proposal-sent', 'open', 900, '2026-09-03T10:00:00.000Z', locationId, 'UserAlexRivera000001'),
      opportunity('OppJohnImplant000002', 'John Smith - Implant', 'ContactJohnSmith0002', 'stage-consult-booked', 'open', 4200, '2026-09-16T10:00:00.000Z', locationId),
      opportunity('OppWeiAligners00003', 'Wei Chen - Aligners', 'ContactWeiChen000004', 'stage-closed', 'won', 5600, '2026-10-21T10:00:00.000Z', locationId, 'UserSamLee0000000002'),
    ],
    calendars: [
      {
        id: 'CalendarConsults0001',
        locationId,
        name: 'New Patient Consultations',
        description: '30-minute consultations with a dentist',
        calendarType: 'event',
        slotDuration: 30,
        slotDurationUnit: 'mins',
        isActive: true,
        openHours: [{ daysOfTheWeek: [1, 2, 3, 4, 5], hours: [{ openHour: 9, openMinute: 0, closeHour: 17, closeMinute: 0 }] }],
      },
    ],
    events: [
      {
        id: 'EventJaneCheckup0001',
        calendarId: 'CalendarConsults0001',
        locationId,
        contactId: 'ContactJaneDoe000001',
        title: 'Jane Doe - check-up',
        appointmentStatus: 'confirmed',
        assignedUserId: 'UserAlexRivera000001',
        startTime: '2026-12-02T10:00:00-05:00',
        endTime: '2026-12-02T10:30:00-05:00',
        dateAdded: '2026-11-10T12:00:00.000Z',
        dateUpdated: '2026-11-10T12:00:00.000Z',
      },
    ],
    conversations: [
      {
        id: 'ConversationJane0001',
        contactId: 'ContactJaneDoe000001',
        locationId,
        lastMessageBody: 'Yes, 10am works for me. Thank you!',
        lastMessageType: 'TYPE_SMS',
        lastMessageDate: Date.parse('2026-11-10T12:05:00.000Z'),
        type: 'TYPE_PHONE',
        unreadCount: 1,
        fullName: 'Jane Doe',
        contactName: 'Jane Doe',
        email: 'jane.doe@example.com',
        phone: '+16175550101',
      },
    ],
    messages: [
      message('MessageJane000000001', 'outbound', 'Hi Jane, can we book your check-up on Dec 2 at 10am?', '2026-11-10T12:00:00.000Z'),
      message('MessageJane000000002', 'inbound', 'Yes, 10am works for me. Thank you!', '2026-11-10T12:05:00.000Z'),
    ].map((m) => ({ ...m, locationId })),
    customFields: [
      { id: 'FieldInsurer00000001', name: 'Insurance provider', fieldKey: 'contact.insurance_provider', dataType: 'TEXT', position: 0, model: 'contact', locationId },
      {
        id: 'FieldPreferredTime01',
        name: 'Preferred time',
        fieldKey: 'contact.preferred_time',
        dataType: 'SINGLE_OPTIONS',
        position: 50,
        picklistOptions: ['Morning', 'Afternoon', 'Evening'],
        model: 'contact',
        locationId,
      },
      { id: 'FieldTreatmentCost01', name: 'Treatment cost', fieldKey: 'opportunity.treatment_cost', dataType: 'MONETORY', position: 0, model: 'opportunity', locationId },
      { id: 'FieldOtherLocation01', name: 'Other clinic field', fieldKey: 'contact.other', dataType: 'TEXT', position: 0, model: 'contact', locationId: otherLocationId },
    ],
    appointmentNotes: [
      {
        id: 'ApptNoteJaneXray0001',
        appointmentId: 'EventJaneCheckup0001',
        body: 'Bring previous X-rays.',
        userId: 'UserAlexRivera000001',
        contactId: 'ContactJaneDoe000001',
        dateAdded: '2026-11-10T12:10:00.000Z',
        createdBy: { id: 'UserAlexRivera000001', name: 'Alex Rivera' },
      },
    ],
    lostReasons: [
      { id: 'LostReasonPrice00001', name: 'Too expensive', locationId, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' },
      { id: 'LostReasonNoShow0002', name: 'Stopped responding', locationId, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z' },
      { id: 'LostReasonOther00003', name: 'Other clinic reason', locationId: otherLocationId },
    ],
  };
}

function user(id: string, firstName: string, lastName: string, email: string, role: string, locationIds: string[]): FakeUser {
  return { id, name: `${firstName} ${lastName}`, firstName, lastName, email, roles: { type: 'account', role, locationIds }, locationIds };
}

function opportunity(
  id: string,
  name: string,
  contactId: string,
  pipelineStageId: string,
  status: string,
  monetaryValue: number,
  createdAt: string,
  locationId: string,
  assignedTo?: string,
): GhlOpportunity {
  return {
    id,
    name,
    contactId,
    pipelineId: 'PipelineSales0000001',
    pipelineStageId,
    status,
    monetaryValue,
    assignedTo,
    source: 'website',
    locationId,
    createdAt,
    updatedAt: createdAt,
    lastStatusChangeAt: createdAt,
    lastStageChangeAt: createdAt,
  };
}

function message(id: string, direction: 'inbound' | 'outbound', body: string, dateAdded: string): GhlMessage {
  return {
    id,
    type: 2,
    messageType: 'TYPE_SMS',
    contactId: 'ContactJaneDoe000001',
    conversationId: 'ConversationJane0001',
    dateAdded,
    body,
    direction,
    status: direction === 'outbound' ? 'delivered' : 'read',
    contentType: 'text/plain',
  };
}
