import { z } from 'zod';
import { getDnssec } from './dnssec.api.js';
import { withoutNulls, zoneField } from './schemas.js';
import { cloudflareTool } from './tool.js';
import { resolveZoneId } from './zones.api.js';

const NEXT_STEP: Record<string, string> = {
  active: 'DNSSEC is on and the DS record is published at the registrar.',
  pending: 'Cloudflare signs the zone but the registrar does not publish the DS record yet: add the ds value at the registrar (Cloudflare Registrar does it itself).',
  disabled: 'DNSSEC is off; it is turned on in the dashboard (DNS > Settings) or with PATCH /zones/{zone_id}/dnssec.',
  'pending-disabled': 'DNSSEC is being turned off: remove the DS record at the registrar first, or resolvers will fail to resolve the zone.',
  error: 'Cloudflare found a problem with DNSSEC on this zone: check the DS record at the registrar matches the ds value.',
};

export const getDnssecStatusTool = cloudflareTool({
  name: 'cloudflare_get_dnssec_status',
  title: 'Get DNSSEC status',
  description:
    "Reports whether DNSSEC is on for a zone (active, pending, disabled, pending-disabled, error) and the DS record the registrar must publish (ds, key tag, algorithm, digest). Use it to check a domain's DNSSEC setup or to get the DS values for the registrar.",
  input: z.object({ zone: zoneField }),
  output: z.object({
    zoneId: z.string().describe('The zone id'),
    status: z.enum(['active', 'pending', 'disabled', 'pending-disabled', 'error']).describe('DNSSEC status of the zone'),
    nextStep: z.string().describe('What the status means and what to do next'),
    ds: z.string().optional().describe('The full DS record to publish at the registrar'),
    keyTag: z.number().optional().describe('Key tag of the key signing key'),
    algorithm: z.string().optional().describe('DNSSEC algorithm number, e.g. 13 (ECDSA P-256 SHA-256)'),
    keyType: z.string().optional().describe('Key type, e.g. ECDSAP256SHA256'),
    digestType: z.string().optional().describe('Digest type number, e.g. 2 (SHA-256)'),
    digestAlgorithm: z.string().optional().describe('Digest algorithm name, e.g. SHA256'),
    digest: z.string().optional().describe('Digest of the key signing key'),
    flags: z.number().optional().describe('DNSKEY flags, 257 for a key signing key'),
    publicKey: z.string().optional().describe('Public key of the key signing key, base64'),
    multiSigner: z.boolean().optional().describe('Multi-signer DNSSEC is on'),
    presigned: z.boolean().optional().describe('The zone is transferred in already signed'),
    nsec3: z.boolean().optional().describe('NSEC3 is used instead of NSEC'),
    modifiedOn: z.string().optional().describe('ISO time DNSSEC was last changed'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, args.zone, ctx.signal);
    const d = withoutNulls(await getDnssec(ctx.client, zoneId, ctx.signal));
    const status = d.status ?? 'disabled';
    return withoutUndefined({
      zoneId,
      status,
      nextStep: NEXT_STEP[status]!,
      ds: d.ds,
      keyTag: d.key_tag,
      algorithm: d.algorithm,
      keyType: d.key_type,
      digestType: d.digest_type,
      digestAlgorithm: d.digest_algorithm,
      digest: d.digest,
      flags: d.flags,
      publicKey: d.public_key,
      multiSigner: d.dnssec_multi_signer,
      presigned: d.dnssec_presigned,
      nsec3: d.dnssec_use_nsec3,
      modifiedOn: d.modified_on,
    });
  },
});

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const dnssecTools = [getDnssecStatusTool];
