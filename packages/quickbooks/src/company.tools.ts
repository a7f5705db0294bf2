import { z } from 'zod';
import { getCompanyInfo } from './company.api.js';
import { entityOutput, READ } from './schemas.js';
import { quickbooksTool } from './tool.js';

export const getCompanyInfoTool = quickbooksTool({
  name: 'quickbooks_get_company_info',
  title: 'Get QuickBooks company info',
  description: 'Reads the connected company: its name, legal name, addresses, email, country and fiscal year start month. Start here to check which company a connection is.',
  input: z.object({}),
  output: z.object({ company: entityOutput }),
  annotations: READ,
  cache: { ttlSeconds: 300 },
  handler: async (_input, ctx) => ({ company: await getCompanyInfo(ctx.client, ctx.signal) }),
});

export const companyTools = [getCompanyInfoTool];
