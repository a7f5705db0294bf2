import { z } from 'zod';
import { getLocation, listCustomFields } from './locations.api.js';
import { compact, SETUP_CACHE } from './schemas.js';
import { ghlTool } from './tool.js';

export const getLocationTool = ghlTool({
  name: 'ghl_get_location',
  title: 'Get the sub-account',
  description: 'Reads the configured GoHighLevel sub-account (location): business name, address, timezone, email, phone and website.',
  input: z.object({}),
  output: z.object({
    location: z
      .object({
        id: z.string().describe('Location id'),
        name: z.string().describe('Business name'),
        timezone: z.string().optional().describe('IANA timezone of the business'),
        email: z.string().optional().describe('Business email'),
        phone: z.string().optional().describe('Business phone'),
        website: z.string().optional().describe('Website'),
        address: z.string().optional().describe('Street address'),
        city: z.string().optional().describe('City'),
        state: z.string().optional().describe('State or region'),
        postalCode: z.string().optional().describe('Postal code'),
        country: z.string().optional().describe('Country code'),
      })
      .describe('The sub-account'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: SETUP_CACHE,
  handler: async (_input, ctx) => {
    const l = await getLocation(ctx.client, ctx.signal);
    return {
      location: compact({
        id: l.id,
        name: l.name,
        timezone: l.timezone,
        email: l.email,
        phone: l.phone,
        website: l.website,
        address: l.address,
        city: l.city,
        state: l.state,
        postalCode: l.postalCode,
        country: l.country,
      }),
    };
  },
});

export const listCustomFieldsTool = ghlTool({
  name: 'ghl_list_custom_fields',
  title: 'List custom fields',
  description:
    'Lists the custom fields of the sub-account with their ids, keys, data types and options. ' +
    'Use the ids in customFields when creating or updating contacts.',
  input: z.object({
    model: z.enum(['contact', 'opportunity', 'all']).default('all').describe('Fields of contacts, of opportunities, or all (default)'),
  }),
  output: z.object({
    customFields: z
      .array(
        z.object({
          id: z.string().describe('Custom field id, for customFields[].id'),
          name: z.string().describe('Field name shown in GoHighLevel'),
          fieldKey: z.string().optional().describe('Merge key, e.g. contact.insurance_provider'),
          dataType: z.string().optional().describe('TEXT, LARGE_TEXT, NUMERICAL, PHONE, MONETORY, CHECKBOX, SINGLE_OPTIONS, MULTIPLE_OPTIONS, DATE, FILE_UPLOAD, …'),
          model: z.string().optional().describe('contact or opportunity'),
          options: z.array(z.string()).optional().describe('Allowed values, for option fields'),
          placeholder: z.string().optional().describe('Placeholder text'),
        }),
      )
      .describe('Custom fields in their display order'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: SETUP_CACHE,
  handler: async (input, ctx) => ({
    customFields: (await listCustomFields(ctx.client, input.model, ctx.signal)).map((f) =>
      compact({
        id: f.id,
        name: f.name,
        fieldKey: f.fieldKey,
        dataType: f.dataType,
        model: f.model,
        options: f.picklistOptions?.length ? f.picklistOptions : undefined,
        placeholder: f.placeholder || undefined,
      }),
    ),
  }),
});

export const locationTools = [getLocationTool, listCustomFieldsTool];
