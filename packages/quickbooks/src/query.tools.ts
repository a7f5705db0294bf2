import { z } from 'zod';
import { runQuery } from './entities.api.js';
import { describeStatement, MAX_RESULTS, withoutPaging } from './query.js';
import { pageInfo, pageOutput, paging, READ } from './schemas.js';
import { quickbooksTool } from './tool.js';

export const queryTool = quickbooksTool({
  name: 'quickbooks_run_query',
  title: 'Query QuickBooks',
  description:
    "Runs a read-only statement in QuickBooks' query language and returns one page. The language is narrow: " +
    '`SELECT * FROM <Entity> [WHERE <field> <op> <value> [AND …]] [ORDERBY <field> [ASC|DESC]]` or `SELECT COUNT(*) FROM <Entity> [WHERE …]`. ' +
    'One entity per query (names are case-sensitive: Invoice, Customer, Vendor, Item, Account, Payment, Bill, Estimate, SalesReceipt…); ' +
    'operators = < > <= >= IN LIKE (LIKE takes % only); conditions joined by AND only: no OR, no GROUP BY, no joins, no field lists (every field comes back). ' +
    "Strings in single quotes, an apostrophe written \\'; dates as 'YYYY-MM-DD'; nested fields with a dot (MetaData.LastUpdatedTime). " +
    'Inactive customers, vendors, items and accounts are hidden unless the query says Active IN (true, false). ' +
    `Paging is the startPosition and maxResults arguments (1-based, at most ${MAX_RESULTS}), not part of the statement.`,
  input: z.object({
    query: z.string().min(10).max(4000).describe("The statement, e.g. SELECT * FROM Invoice WHERE Balance > '0' ORDERBY DueDate"),
    ...paging,
  }),
  output: z.object({
    entity: z.string().describe('The entity queried'),
    rows: z.array(z.record(z.string(), z.json())).describe('The rows, each with every field QuickBooks has'),
    totalCount: z.number().int().optional().describe('For COUNT(*) statements: how many rows match'),
    ...pageOutput,
  }),
  annotations: READ,
  handler: async (input, ctx) => {
    const statement = withoutPaging(input.query);
    const { entity, count } = describeStatement(statement);
    const paged = count ? statement : `${statement} STARTPOSITION ${input.startPosition} MAXRESULTS ${input.maxResults}`;
    const page = await runQuery(ctx.client, paged, entity, ctx.signal);
    if (count) return { entity, rows: [], totalCount: page.totalCount ?? 0, startPosition: 1, returned: 0 };
    return { entity, rows: page.rows, ...pageInfo(input.startPosition, input.maxResults, page.rows.length) };
  },
});

export const queryTools = [queryTool];
