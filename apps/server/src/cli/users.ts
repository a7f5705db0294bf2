import { Command, Option } from 'commander';
import { addMembership, createUser, deleteUser, listUsers, removeMembership, ROLES, setPassword, type UserRecord } from '@enterprise-mcp/authorization';
import { withDatabase } from './database.js';
import { parseChoice } from './parse.js';
import { print, printJson, table } from './output.js';

const PASSWORD_HELP = 'read the password from standard input (never from the command line, where other users could see it)';

export function usersCommand(): Command {
  const users = new Command('users').description('People who sign in to the authorization server (OAuth for claude.ai and other MCP clients), and their tenants.');
  users
    .command('create')
    .description('Create a user. With --password-stdin they sign in with a password; without, only through the OIDC provider (AUTH_OIDC_ISSUER).')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--name <name>', 'display name')
    .option('--password-stdin', PASSWORD_HELP)
    .option('--tenant <tenant>', 'also add them to this tenant (id or slug)')
    .addOption(new Option('--role <role>', 'their role in --tenant: viewer, member or admin').argParser(parseChoice(ROLES)).default('member'))
    .option('--json', 'print JSON')
    .action(async (options: { email: string; name?: string; passwordStdin?: boolean; tenant?: string; role: string; json?: boolean }) => {
      const password = options.passwordStdin ? await readPassword() : undefined;
      await withDatabase(async ({ prisma }) => {
        const user = await createUser(prisma, { email: options.email, name: options.name, password });
        if (options.tenant) await addMembership(prisma, { user: user.id, tenant: options.tenant, role: options.role });
        if (options.json) return printJson({ ...user, memberships: options.tenant ? [{ tenant: options.tenant, role: options.role }] : [] });
        print(`Created user ${user.email} (${user.id})${options.tenant ? ` as ${options.role} of ${options.tenant}` : ''}.`);
      });
    });
  users
    .command('list')
    .description('List users and their tenant memberships.')
    .option('--tenant <tenant>', 'only members of this tenant (id or slug)')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; json?: boolean }) => {
      await withDatabase(async ({ prisma }) => {
        const rows = await listUsers(prisma, { tenantId: options.tenant });
        if (options.json) return printJson(rows);
        print(rows.length ? userTable(rows) : 'No users yet. Create one with `enterprise-mcp users create --email ana@example.com --password-stdin --tenant acme`.');
      });
    });
  users
    .command('delete')
    .description('Delete a user: their memberships, grants and tokens go at once (their audit rows stay).')
    .argument('<user>', 'user id or email')
    .action(async (user: string) => {
      await withDatabase(async ({ prisma }) => print(`Deleted user ${(await deleteUser(prisma, user)).email}.`));
    });
  users
    .command('add-membership')
    .description("Add a user to a tenant, or change their role there. viewer: read-only tools; member: all tools; admin: all tools and changes in the console.")
    .argument('<user>', 'user id or email')
    .requiredOption('--tenant <tenant>', 'tenant id or slug')
    .addOption(new Option('--role <role>', 'viewer, member or admin').argParser(parseChoice(ROLES)).makeOptionMandatory())
    .action(async (user: string, options: { tenant: string; role: string }) => {
      await withDatabase(async ({ prisma }) => {
        const membership = await addMembership(prisma, { user, tenant: options.tenant, role: options.role });
        print(`${user} is now ${membership.role} of ${membership.tenant.slug}.`);
      });
    });
  users
    .command('remove-membership')
    .description('Remove a user from a tenant and revoke every authorization they gave there.')
    .argument('<user>', 'user id or email')
    .requiredOption('--tenant <tenant>', 'tenant id or slug')
    .action(async (user: string, options: { tenant: string }) => {
      await withDatabase(async ({ prisma }) => {
        await removeMembership(prisma, { user, tenant: options.tenant });
        print(`Removed ${user} from ${options.tenant}.`);
      });
    });
  users
    .command('set-password')
    .description("Set or change a user's password.")
    .argument('<user>', 'user id or email')
    .requiredOption('--password-stdin', PASSWORD_HELP)
    .action(async (user: string) => {
      const password = await readPassword();
      await withDatabase(async ({ prisma }) => {
        await setPassword(prisma, user, password);
        print(`Password set for ${user}.`);
      });
    });
  return users;
}

/** The first line of standard input. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

function userTable(rows: UserRecord[]): string {
  return table(
    ['EMAIL', 'NAME', 'SIGN-IN', 'TENANTS', 'CREATED', 'ID'],
    rows.map((u) => [
      u.email,
      u.name ?? '-',
      [u.hasPassword ? 'password' : '', u.external ? 'oidc' : ''].filter(Boolean).join('+') || 'oidc (not linked yet)',
      u.memberships.map((m) => `${m.tenant.slug}:${m.role}`).join(',') || '-',
      u.createdAt,
      u.id,
    ]),
  );
}
