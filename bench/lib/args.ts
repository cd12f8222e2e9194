import { parseArgs } from 'node:util';

/** Reads `--name value` numeric options; unknown options are an error so typos do not go unnoticed. */
export function numberOptions<K extends string>(argv: string[], defaults: Record<K, number>): Record<K, number> {
  const names = Object.keys(defaults) as K[];
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
    strict: true,
  });
  const result = { ...defaults };
  for (const name of names) {
    const raw = values[name];
    if (typeof raw !== 'string') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, not "${raw}"`);
    result[name] = value;
  }
  return result;
}
