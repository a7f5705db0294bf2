import { names as nxNames, type Tree } from '@nx/devkit';

export interface EcosystemNames {
  /** Package folder and npm name suffix: `acme-crm`. */
  name: string;
  /** Ecosystem id and tool-name prefix: `acme_crm`. */
  id: string;
  displayName: string;
  /** `AcmeCrm`, for classes and functions (`registerAcmeCrmTools`). */
  className: string;
  /** `acmeCrm`, for values (`acmeCrmEcosystem`). */
  propertyName: string;
  /** `ACME_CRM`, for environment variables and constants. */
  constantName: string;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Throws an error that says what is wrong with the name and what would be accepted. */
export function validateName(name: string): void {
  if (!NAME.test(name)) {
    throw new Error(
      `Invalid ecosystem name "${name}": use lowercase letters, digits and single hyphens, starting with a letter ` +
        `(e.g. "godaddy" or "acme-crm").`,
    );
  }
}

// The display name lands in string literals and in templates that HTML-escape what they print.
const UNSAFE_IN_DISPLAY_NAME = /['"`\\<>&\p{Cc}]/u;

/** Throws when the display name holds a character the generated source could not carry as is. */
export function validateDisplayName(displayName: string): void {
  if (!displayName.trim() || UNSAFE_IN_DISPLAY_NAME.test(displayName)) {
    throw new Error(
      `Invalid --display-name "${displayName}": give a non-empty name without quotes, backslashes, backticks, <, > or & ` +
        `(e.g. "Acme CRM"); it is written into string literals of the generated source.`,
    );
  }
}

export function ecosystemNames(name: string, displayName?: string): EcosystemNames {
  const { className, propertyName, constantName } = nxNames(name);
  return {
    name,
    id: name.replace(/-/g, '_'),
    displayName: displayName?.trim() || name.split('-').map((part) => part[0]!.toUpperCase() + part.slice(1)).join(' '),
    className,
    propertyName,
    constantName,
  };
}

/** Throws when the package folder, npm name or ecosystem id is already taken in the workspace. */
export function assertNoClash(tree: Tree, names: EcosystemNames): void {
  const folder = `packages/${names.name}`;
  if (tree.exists(folder)) {
    throw new Error(`Cannot create ecosystem "${names.name}": ${folder} already exists. Pick another name or remove it.`);
  }
  for (const dir of tree.children('packages')) {
    const manifest = `packages/${dir}/package.json`;
    if (!tree.exists(manifest)) continue;
    const pkg = JSON.parse(tree.read(manifest, 'utf-8') ?? '{}') as { name?: string };
    if (pkg.name === `@enterprise-mcp/${names.name}`) {
      throw new Error(`Cannot create ecosystem "${names.name}": ${manifest} already uses the name ${pkg.name}.`);
    }
    const ecosystemSource = `packages/${dir}/src/ecosystem.ts`;
    const source = tree.exists(ecosystemSource) ? (tree.read(ecosystemSource, 'utf-8') ?? '') : '';
    if (new RegExp(`\\bid:\\s*['"]${names.id}['"]`).test(source)) {
      throw new Error(
        `Cannot create ecosystem "${names.name}": ${ecosystemSource} already defines the ecosystem id "${names.id}".`,
      );
    }
  }
}
