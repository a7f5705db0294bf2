import type { AnyEcosystem } from '@enterprise-mcp/core';

/** Every ecosystem the server can serve. `nx g … ecosystem <name>` adds a line here. */
export const ecosystems: AnyEcosystem[] = [
];
