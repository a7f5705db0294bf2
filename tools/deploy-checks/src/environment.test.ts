import { describe, expect, it } from '@jest/globals';
import { configSchema } from '@enterprise-mcp/server';
import { ENVIRONMENT_DOC, envExampleDescriptions, renderEnvironment } from './environment.js';
import { readRepoFile } from './repo.js';

describe('environment checklist', () => {
  it('is current: regenerate with npm run env-checklist -w @enterprise-mcp/deploy-checks', () => {
    expect(readRepoFile(ENVIRONMENT_DOC)).toBe(renderEnvironment());
  });

  it('lists every server variable with its default and a description', () => {
    const doc = renderEnvironment();
    for (const name of Object.keys(configSchema.shape)) expect(doc).toMatch(new RegExp(`\\| \`${name}\` \\|.*\\| [^|]+ \\|$`, 'm'));
    expect(doc).toContain('| `PORT` | `3000` | no |');
  });

  it('reads the comment block above a variable, commented out or not', () => {
    const text = '# --- Server ---\n# First line.\n# Second line.\n# PUBLIC_URL=https://x\n# Group.\nA_ID=\nA_SECRET=\n\nPORT=3000\n';
    expect(envExampleDescriptions(text)).toEqual(
      new Map([['PUBLIC_URL', 'First line. Second line.'], ['A_ID', 'Group.'], ['A_SECRET', 'Group.']]),
    );
  });
});
