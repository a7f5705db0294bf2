import { NotFoundError, ValidationError, type ToolContext } from '@enterprise-mcp/core';
import { z } from 'zod';
import type { AmazonClient, PendingListingChange } from './client.js';
import { PLATFORM } from './errors.js';
import {
  deleteListingsItem,
  getListingsItem,
  LISTING_INCLUDED_DATA,
  patchListingsItem,
  putListingsItem,
  searchListingsItems,
  type ListingSubmission,
} from './listings.api.js';
import { compact, jsonObject, jsonValue, marketplaceIdsInput, skuInput } from './schemas.js';
import { amazonTool } from './tool.js';

const issueSchema = z.object({
  code: z.string().describe("Amazon's issue code"),
  message: z.string().describe('What is wrong'),
  severity: z.enum(['ERROR', 'WARNING', 'INFO']).describe('ERROR blocks the listing or the change'),
  attributeNames: z.array(z.string()).optional().describe('Attributes the issue is about'),
  categories: z.array(z.string()).optional().describe('INVALID_ATTRIBUTE, MISSING_ATTRIBUTE, INVALID_PRICE…'),
});

const listingSchema = z
  .object({
    sku: z.string().describe('Seller SKU'),
    summaries: z.array(jsonObject).optional().describe('Per marketplace: ASIN, product type, status (BUYABLE, DISCOVERABLE), item name, dates, main image'),
    attributes: jsonObject.optional().describe('Listing attributes by name, each a list of values per marketplace and language'),
    issues: z.array(issueSchema.catchall(jsonValue)).optional().describe('Problems Amazon found with the listing'),
    offers: z.array(jsonObject).optional().describe('Prices per marketplace'),
    fulfillmentAvailability: z.array(jsonObject).optional().describe('Quantities per fulfillment channel (DEFAULT is seller-fulfilled)'),
  })
  .catchall(jsonValue)
  .describe('A listing as Amazon returns it');

export const getListingTool = amazonTool({
  name: 'amazon_get_listing',
  title: 'Get a listing',
  description:
    "Reads one of the seller's listings by SKU: summaries (ASIN, status, title), attributes, issues, offers (price) and fulfillment availability (quantity). Listings Items API getListingsItem.",
  input: z.object({
    sku: skuInput,
    marketplaceIds: marketplaceIdsInput,
    includedData: z
      .array(z.enum(LISTING_INCLUDED_DATA))
      .default(['summaries', 'attributes', 'issues', 'offers', 'fulfillmentAvailability'])
      .describe('Sections to read (default summaries, attributes, issues, offers, fulfillmentAvailability)'),
  }),
  output: z.object({ listing: listingSchema }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ sku, marketplaceIds, includedData }, ctx) => ({
    listing: (await getListingsItem(ctx.client, sku, { marketplaceIds, includedData }, ctx.signal)) as z.input<typeof listingSchema>,
  }),
});

export const searchListingsTool = amazonTool({
  name: 'amazon_search_listings',
  title: 'Search listings',
  description:
    "Lists the seller's listings, optionally only some SKUs, those with issues of a severity, or those BUYABLE/DISCOVERABLE, sorted as asked. Listings Items API searchListingsItems.",
  input: z.object({
    marketplaceIds: marketplaceIdsInput,
    skus: z.array(z.string().min(1)).min(1).max(20).optional().describe('Only these SKUs (up to 20)'),
    withIssueSeverity: z.array(z.enum(['WARNING', 'ERROR'])).optional().describe('Only listings with issues of these severities'),
    withStatus: z.array(z.enum(['BUYABLE', 'DISCOVERABLE'])).optional().describe('Only listings in these states'),
    sortBy: z.enum(['sku', 'createdDate', 'lastUpdatedDate']).default('lastUpdatedDate').describe('Sort field (default lastUpdatedDate)'),
    sortOrder: z.enum(['ASC', 'DESC']).default('DESC').describe('Sort order (default DESC)'),
    limit: z.number().int().min(1).max(200).default(20).describe('Most listings to return (1-200, default 20)'),
  }),
  output: z.object({
    listings: z.array(listingSchema).describe('Matching listings with summaries and issues'),
    total: z.number().int().describe('How many listings match'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ limit, ...search }, ctx) => {
    const listings: z.input<typeof listingSchema>[] = [];
    let pageToken: string | undefined;
    let total = 0;
    do {
      const page = await searchListingsItems(ctx.client, { ...search, includedData: ['summaries', 'issues'], pageSize: Math.min(20, limit - listings.length), pageToken }, ctx.signal);
      listings.push(...(page.items as z.input<typeof listingSchema>[]));
      total = page.numberOfResults;
      pageToken = page.pagination?.nextToken;
    } while (pageToken && listings.length < limit);
    return { listings: listings.slice(0, limit), total };
  },
});

const submissionOutput = z.object({
  stage: z.enum(['preview', 'submitted']).describe('preview: validated only, nothing changed; submitted: Amazon accepted the change for processing'),
  sku: z.string().describe('Seller SKU'),
  status: z.enum(['ACCEPTED', 'INVALID', 'VALID']).describe('VALID or INVALID after a preview; ACCEPTED or INVALID after a submission'),
  submissionId: z.string().describe("Amazon's id of the submission"),
  issues: z.array(issueSchema).describe('What Amazon found; an ERROR means the change cannot be made as it is'),
  asin: z.string().optional().describe('The ASIN the listing matches, when Amazon says'),
  previewId: z.string().optional().describe('Call the same tool again with only this previewId to make the change (valid until expiresAt)'),
  expiresAt: z.string().optional().describe('When the previewId stops working (ISO 8601)'),
});

type SubmissionOutput = z.input<typeof submissionOutput>;

/**
 * A listing write in two calls: the first runs it with VALIDATION_PREVIEW and
 * keeps the exact change under a preview id; the second, carrying only that
 * id, sends the kept change. An invalid change gets no id.
 */
async function previewThenSubmit(
  ctx: ToolContext<AmazonClient>,
  previewId: string | undefined,
  change: () => Omit<PendingListingChange, 'sellerId'>,
): Promise<SubmissionOutput> {
  const client = ctx.client;
  // The host's store (shared by its replicas, scoped to this tenant and connection), else this client's memory.
  const previews = ctx.pending ?? client.previews;
  if (previewId) {
    // Taken before it is sent: a confirmation that arrives twice, even on two replicas, submits the change once.
    const pending = await previews.take<PendingListingChange>(previewId);
    if (!pending || pending.sellerId !== client.sellerId) {
      throw new NotFoundError(`No listing preview ${previewId} is waiting: it expired, was already submitted, or was made for another seller`, {
        platform: PLATFORM,
        hint: 'preview again: call the tool with the change (without previewId), show the result, then confirm with the new previewId',
      });
    }
    return toOutput('submitted', await send(client, pending, false, ctx.signal));
  }
  const pending = { ...change(), sellerId: client.sellerId };
  const submission = await send(client, pending, true, ctx.signal);
  if (submission.status !== 'VALID') return toOutput('preview', submission);
  const kept = await previews.put(pending, client.previewTtlSeconds);
  return { ...toOutput('preview', submission), previewId: kept.id, expiresAt: kept.expiresAt.toISOString() };
}

function send(client: AmazonClient, pending: PendingListingChange, preview: boolean, signal: AbortSignal): Promise<ListingSubmission> {
  const options = { marketplaceIds: pending.marketplaceIds, preview, sellerId: pending.sellerId, signal };
  return pending.kind === 'patch'
    ? patchListingsItem(client, pending.sku, pending.body as never, options)
    : putListingsItem(client, pending.sku, pending.body as never, options);
}

function toOutput(stage: 'preview' | 'submitted', submission: ListingSubmission): SubmissionOutput {
  return compact({
    stage,
    sku: submission.sku,
    status: submission.status,
    submissionId: submission.submissionId,
    issues: (submission.issues ?? []).map((issue) =>
      compact({ code: issue.code, message: issue.message, severity: issue.severity, attributeNames: issue.attributeNames, categories: issue.categories }),
    ),
    asin: submission.identifiers?.find((identifier) => identifier.asin)?.asin,
  });
}

/** Either a previewId alone or the whole change: names what is missing or extra. */
function requireChange<T extends Record<string, unknown>>(input: T, previewId: string | undefined, required: Array<keyof T & string>): void {
  const given = Object.entries(input).filter(([, value]) => value !== undefined).map(([key]) => key);
  if (previewId) {
    if (given.length) {
      throw new ValidationError('A confirmation carries only the previewId: the change sent is the one that was previewed', given.map((path) => ({ path, message: 'leave it out when confirming' })));
    }
    return;
  }
  const missing = required.filter((key) => input[key] === undefined);
  if (missing.length) throw new ValidationError('Give the change to preview, or a previewId to confirm one', missing.map((path) => ({ path, message: 'is required to preview a change' })));
}

const patchSchema = z.object({
  op: z.enum(['add', 'replace', 'merge', 'delete']).describe('add/replace set an attribute, merge merges into it, delete removes values'),
  path: z.string().regex(/^\/attributes\/[\w.-]+$/, 'must be /attributes/<name>, e.g. /attributes/purchasable_offer').describe('The attribute, as /attributes/<name>'),
  value: z.array(jsonObject).optional().describe('The attribute values, as in the product type definition (each with marketplace_id, language_tag, value…)'),
});

export const updateListingTool = amazonTool({
  name: 'amazon_update_listing',
  title: 'Update a listing (preview, then confirm)',
  description:
    'Changes attributes of a listing with JSON patches (price: /attributes/purchasable_offer, quantity: /attributes/fulfillment_availability, title: /attributes/item_name…). ' +
    'First call: sku, productType and patches; Amazon validates them (VALIDATION_PREVIEW) and nothing changes; show the issues to the user. ' +
    'Only if the user agrees, call again with just the previewId returned, and the same change is submitted. Listings Items API patchListingsItem.',
  input: z.object({
    previewId: z.string().uuid().optional().describe('Confirms a preview: the previewId of the first call, alone'),
    sku: skuInput.optional(),
    productType: z.string().min(1).optional().describe('Amazon product type of the listing, e.g. LUGGAGE (from amazon_get_listing summaries)'),
    patches: z.array(patchSchema).min(1).max(100).optional().describe('JSON patches to apply'),
    marketplaceIds: marketplaceIdsInput,
  }),
  output: submissionOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  handler: async ({ previewId, ...change }, ctx) => {
    requireChange(change, previewId, ['sku', 'productType', 'patches']);
    return previewThenSubmit(ctx, previewId, () => ({
      kind: 'patch',
      sku: change.sku!,
      marketplaceIds: ctx.client.marketplaces(change.marketplaceIds),
      body: { productType: change.productType!, patches: change.patches! },
    }));
  },
});

export const putListingTool = amazonTool({
  name: 'amazon_put_listing',
  title: 'Create or replace a listing (preview, then confirm)',
  description:
    'Creates a listing, or replaces all its attributes, from a full attribute set for its product type. ' +
    'First call: sku, productType and attributes (and requirements); Amazon validates them (VALIDATION_PREVIEW) and nothing changes. ' +
    'Only if the user agrees, call again with just the previewId returned. Attributes left out are removed: prefer amazon_update_listing for small changes. Listings Items API putListingsItem.',
  input: z.object({
    previewId: z.string().uuid().optional().describe('Confirms a preview: the previewId of the first call, alone'),
    sku: skuInput.optional(),
    productType: z.string().min(1).optional().describe('Amazon product type, e.g. LUGGAGE'),
    requirements: z.enum(['LISTING', 'LISTING_PRODUCT_ONLY', 'LISTING_OFFER_ONLY']).optional().describe('Which requirements apply: the full listing (default), product facts only, or an offer on an existing ASIN'),
    attributes: jsonObject.optional().describe('Every attribute of the listing by name, as in the product type definition'),
    marketplaceIds: marketplaceIdsInput,
  }),
  output: submissionOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  handler: async ({ previewId, ...change }, ctx) => {
    requireChange(change, previewId, ['sku', 'productType', 'attributes']);
    return previewThenSubmit(ctx, previewId, () => ({
      kind: 'put',
      sku: change.sku!,
      marketplaceIds: ctx.client.marketplaces(change.marketplaceIds),
      body: compact({ productType: change.productType!, requirements: change.requirements, attributes: change.attributes! }),
    }));
  },
});

export const deleteListingTool = amazonTool({
  name: 'amazon_delete_listing',
  title: 'Delete a listing',
  description: 'Deletes a listing (the SKU and its offer) from the marketplaces given; the catalog item (ASIN) stays. Confirm with the user first. Listings Items API deleteListingsItem.',
  input: z.object({ sku: skuInput, marketplaceIds: marketplaceIdsInput }),
  output: z.object({
    sku: z.string().describe('Seller SKU'),
    status: z.enum(['ACCEPTED', 'INVALID', 'VALID']).describe('ACCEPTED: the deletion is being processed'),
    submissionId: z.string().describe("Amazon's id of the submission"),
    issues: z.array(issueSchema).describe('Problems Amazon found'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ sku, marketplaceIds }, ctx) => {
    const { stage: _stage, ...result } = toOutput('submitted', await deleteListingsItem(ctx.client, sku, marketplaceIds, ctx.signal));
    return { sku: result.sku, status: result.status, submissionId: result.submissionId, issues: result.issues };
  },
});

export const listingTools = [getListingTool, searchListingsTool, updateListingTool, putListingTool, deleteListingTool];
