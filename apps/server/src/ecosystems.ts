import type { AnyEcosystem } from '@enterprise-mcp/core';
import { cloudflareEcosystem } from '@enterprise-mcp/cloudflare';
import { ghlEcosystem } from '@enterprise-mcp/ghl';
import { godaddyEcosystem } from '@enterprise-mcp/godaddy';
import { quickbooksEcosystem } from '@enterprise-mcp/quickbooks';

/** Every ecosystem the server can serve. `nx g … ecosystem <name>` adds a line here. */
export const ecosystems: AnyEcosystem[] = [
  cloudflareEcosystem,
  ghlEcosystem,
  godaddyEcosystem,
  quickbooksEcosystem,
];
