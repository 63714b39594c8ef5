/**
 * The cost profile runs use: a JSON file written by `concsim calibrate` (or any object of
 * engine/costs.ts constants), chosen with `--costs FILE`, `CONCSIM_COSTS=FILE` or, from
 * code, `run(s, { costs })`. With none, the built-in `DEFAULT_COSTS`. The core count is
 * chosen the same way (`--cores N`, `CONCSIM_CORES`, `{ cores }`); without it a scenario's
 * own `limits.cores` holds, else the kernel's default of 2.
 *
 * A profile file is either the flat object `parseCosts` takes, or calibrate's document
 * `{ "costs": {...}, "machine": {...}, "python": "3.11.2", ... }`; the rest of the document
 * describes where the numbers come from and is shown on reports.
 */
import { readFileSync } from 'node:fs';
import { type CostModel, DEFAULT_COSTS, parseCosts } from '../engine/index.ts';

/** A profile that cannot be read or parsed (the CLI's usage error: one line, exit 2). */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

export interface CostProfile {
  readonly costs: CostModel;
  /** One phrase naming the profile, for reports: "the default profile …" or "profile FILE (…)". */
  readonly source: string;
}

/** What `DEFAULT_COSTS` is, for reports. */
export const DEFAULT_SOURCE = 'the default cost model (engine/costs.ts DEFAULT_COSTS)';

export const DEFAULT_PROFILE: CostProfile = { costs: DEFAULT_COSTS, source: DEFAULT_SOURCE };

/** A profile from parsed JSON; `name` says where it came from. Throws ProfileError. */
export function parseProfile(value: unknown, name: string): CostProfile {
  const doc = value as { costs?: unknown; machine?: { description?: unknown }; python?: unknown } | null;
  const wrapped = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'costs' in doc;
  try {
    const costs = parseCosts(wrapped ? doc.costs : value);
    const about = [
      typeof doc?.machine?.description === 'string' ? doc.machine.description : null,
      typeof doc?.python === 'string' ? `Python ${doc.python}` : null,
    ].filter((x) => x !== null);
    return { costs, source: `profile ${name}${about.length > 0 ? ` (${about.join(', ')})` : ''}` };
  } catch (e) {
    throw new ProfileError(`cost profile '${name}': ${(e as Error).message}`);
  }
}

/** Reads the profile in `file`. Throws ProfileError. */
export function loadProfile(file: string): CostProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ProfileError(`cannot read cost profile '${file}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(`cost profile '${file}' is not JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  return parseProfile(value, file);
}

/** A core count given as text (`--cores`, CONCSIM_CORES). Throws ProfileError. */
export function parseCores(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 4096) {
    throw new ProfileError(`invalid ${what} '${text}': expected an integer from 1 to 4096`);
  }
  return n;
}

let chosen: { profile: CostProfile; cores: number | undefined } | null = null;
let fromEnv: { key: string; profile: CostProfile; cores: number | undefined } | null = null;

/**
 * Sets the profile and core count of every later run that does not give its own (the
 * CLI's `--costs`/`--cores`); null goes back to the environment's and the defaults.
 */
export function setActiveProfile(profile: CostProfile | null, cores?: number): void {
  chosen = profile === null ? null : { profile, cores };
}

/** The profile runs use by default: `setActiveProfile`'s, else CONCSIM_COSTS's, else the default. */
export function activeProfile(): CostProfile {
  return (chosen ?? envChoice()).profile;
}

/** The core count runs use by default, or undefined for the scenario's own. */
export function activeCores(): number | undefined {
  return (chosen ?? envChoice()).cores;
}

/** CONCSIM_COSTS and CONCSIM_CORES, read again only when they change (runs are many). */
function envChoice(): { profile: CostProfile; cores: number | undefined } {
  const file = process.env['CONCSIM_COSTS'] ?? '';
  const cores = process.env['CONCSIM_CORES'] ?? '';
  const key = `${file}\n${cores}`;
  if (fromEnv === null || fromEnv.key !== key) {
    fromEnv = {
      key,
      profile: file === '' ? DEFAULT_PROFILE : loadProfile(file),
      cores: cores === '' ? undefined : parseCores(cores, 'CONCSIM_CORES'),
    };
  }
  return fromEnv;
}
