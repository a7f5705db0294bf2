import { z } from 'zod';
import { getDomainNameservers, setDomainNameservers } from './nameservers.api.js';
import { domainName } from './schemas.js';
import { godaddyTool } from './tool.js';

const domainInput = z.object({ domain: domainName });

const nameserversOutput = z.object({
  domain: z.string().describe('The domain'),
  nameServers: z.array(z.string()).describe('Nameservers the domain delegates to'),
});

export const getNameservers = godaddyTool({
  name: 'godaddy_get_nameservers',
  title: 'Get GoDaddy domain nameservers',
  description:
    'Gets the nameservers a domain delegates to. GoDaddy-hosted DNS shows as nsNN.domaincontrol.com; anything ' +
    'else means DNS is hosted elsewhere and GoDaddy DNS record changes will have no effect.',
  input: domainInput,
  output: nameserversOutput,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    return getDomainNameservers(ctx.client, input.domain, ctx.signal);
  },
});

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}\.?$/, 'must be a host name such as ns1.example.net')
  .transform((host) => host.replace(/\.$/, ''));

const updateInput = z.object({
  domain: domainName,
  nameServers: z
    .array(hostName)
    .min(2)
    .max(13)
    .describe('The complete new list of nameservers (2-13 host names), e.g. ["ns1.example.net", "ns2.example.net"]'),
});

export const updateNameservers = godaddyTool({
  name: 'godaddy_update_nameservers',
  title: 'Update GoDaddy domain nameservers',
  description:
    'Replaces the nameservers of a domain registered at GoDaddy (PATCH /v1/domains/{domain}). This moves the ' +
    'domain\'s whole DNS to the new servers: websites and email break if those servers lack the records. ' +
    'GoDaddy refuses this through the API for protected or high-value domains that need 2FA.',
  input: updateInput,
  output: nameserversOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    await setDomainNameservers(ctx.client, input.domain, input.nameServers, ctx.signal);
    return { domain: input.domain, nameServers: input.nameServers };
  },
});

export const nameserverTools = [getNameservers, updateNameservers];
