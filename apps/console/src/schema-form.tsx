/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * A form from a tool's JSON input schema: strings, numbers, integers,
 * booleans, enums and arrays of strings get their own inputs; anything else
 * is a JSON textarea, parsed back as JSON.
 */
type Schema = { type?: string | string[]; enum?: unknown[]; items?: Schema; description?: string; default?: unknown };

type Kind = 'string' | 'number' | 'boolean' | 'enum' | 'strings' | 'json';

export function kindOf(schema: Schema): Kind {
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) return 'enum';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'string') return 'string';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' && schema.items?.type === 'string' && !schema.items.enum) return 'strings';
  return 'json';
}

function properties(schema: Record<string, unknown>): Array<[string, Schema, boolean]> {
  const props = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => [name, s, required.has(name)]);
}

export function SchemaFields(props: { schema: Record<string, unknown> }) {
  return (
    <>
      {properties(props.schema).map(([name, s, required]) => {
        const kind = kindOf(s);
        const label = `${name}${required ? ' *' : ''}`;
        const hint = s.description ? <span class="muted"> {s.description}</span> : null;
        if (kind === 'boolean') return <label><input type="checkbox" name={`f.${name}`} /> {label}{hint}</label>;
        if (kind === 'enum') {
          return (
            <label>{label}{hint}<br />
              <select name={`f.${name}`}>{required ? null : <option value="">—</option>}{(s.enum as string[]).map((v) => <option>{v}</option>)}</select>
            </label>
          );
        }
        if (kind === 'strings') return <label>{label} (one per line){hint}<br /><textarea name={`f.${name}`} rows={3} cols={50}></textarea></label>;
        if (kind === 'json') return <label>{label} (JSON){hint}<br /><textarea name={`f.${name}`} rows={4} cols={50}></textarea></label>;
        return <label>{label}{hint}<br /><input name={`f.${name}`} type={kind === 'number' ? 'number' : 'text'} step="any" size={40} required={required} /></label>;
      })}
    </>
  );
}

/** The form's values as the tool's arguments; empty optional fields are left out. */
export function argumentsFrom(schema: Record<string, unknown>, body: Record<string, unknown>): { args: Record<string, unknown> } | { error: string } {
  const args: Record<string, unknown> = {};
  for (const [name, s] of properties(schema)) {
    const raw = body[`f.${name}`];
    const text = typeof raw === 'string' ? raw.trim() : '';
    const kind = kindOf(s);
    if (kind === 'boolean') {
      if (raw === 'on') args[name] = true;
      continue;
    }
    if (!text) continue;
    if (kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) return { error: `${name}: "${text}" is not a number` };
      args[name] = n;
    } else if (kind === 'strings') args[name] = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    else if (kind === 'json') {
      try {
        args[name] = JSON.parse(text);
      } catch {
        return { error: `${name}: not valid JSON (write it as JSON, e.g. {"key": "value"} or [1, 2])` };
      }
    } else args[name] = text;
  }
  return { args };
}
