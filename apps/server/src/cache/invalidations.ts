export function invalidationKey(tenantId: string, ecosystem: string): string {
  return JSON.stringify([tenantId, ecosystem]);
}
