/**
 * The cost profile runs use: `ideal` (engine/costs.ts DEFAULT_COSTS: no thread, GIL, wake-up
 * or Nagle costs), `calibrated` (CALIBRATED_COSTS, what `concsim calibrate` measured, also
 * reports/calibrate/default-profile.json) or a JSON file written by `concsim calibrate` (or
 * any object of engine/costs.ts constants), chosen with `--costs NAME|FILE`,
 * `CONCSIM_COSTS=NAME|FILE` or, from code, `run(s, { costs })`.
 *
 * Defaults differ by use, on purpose. `run`, `check` and `replay` default to `ideal`: a
 * check explores the interleavings of threads that are runnable at the same instant, and
 * start-up and wake-up costs stagger threads in virtual time, which hides races a real
 * interpreter can still hit (a check-then-act window of zero virtual time is never open in
 * two threads at once) — and a replay must use the check's costs. Reports (`concsim
 * report`, the tour) predict timings, and default to `calibrated`; their replay commands
 * say `--costs calibrated`. The core count is chosen the same way (`--cores N`,
 * `CONCSIM_CORES`, `{ cores }`); without it a scenario's own `limits.cores` holds, else 2.
 *
 * A profile file is either the flat object `parseCosts` takes, or calibrate's document
 * `{ "costs": {...}, "machine": {...}, "python": "3.11.2", ... }`; constants it does not name
 * keep the calibrated values.
 */
import { readFileSync } from 'node:fs';
import { CALIBRATED_COSTS, type CostModel, DEFAULT_COSTS, parseCosts } from '../engine/index.ts';

/** A profile that cannot be read or parsed (the CLI's usage error: one line, exit 2). */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

/** A cost profile: the constants a run charges, with the name that selects it and where they came from. */
export interface CostProfile {
  /** The cost model's constants, in ticks (engine/costs.ts). */
  readonly costs: CostModel;
  /** What `--costs` takes to choose it again: a built-in name or the file. */
  readonly name: string;
  /** One phrase naming the profile, for reports. */
  readonly source: string;
}

/** The idealised costs: what run, check and replay use unless told. */
export const IDEAL_PROFILE: CostProfile = {
  costs: DEFAULT_COSTS,
  name: 'ideal',
  source: 'the ideal cost model (engine/costs.ts DEFAULT_COSTS: no thread, GIL, wake-up or Nagle costs)',
};

/** The measured built-in profile: what reports use unless told. */
export const CALIBRATED_PROFILE: CostProfile = {
  costs: CALIBRATED_COSTS,
  name: 'calibrated',
  source:
    'the calibrated built-in profile (engine/costs.ts CALIBRATED_COSTS = reports/calibrate/default-profile.json, measured by concsim calibrate)',
};

const BUILTIN: Readonly<Record<string, CostProfile>> = { ideal: IDEAL_PROFILE, calibrated: CALIBRATED_PROFILE };

/** What reports made before profiles used (their results name none). */
export const UNCALIBRATED_SOURCE = 'the uncalibrated cost model (engine/costs.ts DEFAULT_COSTS)';

/** A profile from parsed JSON; `name` says where it came from. Throws ProfileError. */
export function parseProfile(value: unknown, name: string): CostProfile {
  const doc = value as { costs?: unknown; machine?: { description?: unknown }; python?: unknown } | null;
  const wrapped = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'costs' in doc;
  try {
    const given = wrapped ? doc.costs : value;
    // A partial profile changes only what it names: the rest stays the built-in profile's.
    const costs = parseCosts(given !== null && typeof given === 'object' ? { ...CALIBRATED_COSTS, ...given } : given);
    const about = [
      typeof doc?.machine?.description === 'string' ? doc.machine.description : null,
      typeof doc?.python === 'string' ? `Python ${doc.python}` : null,
    ].filter((x) => x !== null);
    return { costs, name, source: `profile ${name}${about.length > 0 ? ` (${about.join(', ')})` : ''}` };
  } catch (e) {
    throw new ProfileError(`cost profile '${name}': ${(e as Error).message}`);
  }
}

/** A built-in profile by name (`ideal`, `calibrated`), or the profile in `file`. Throws ProfileError. */
export function loadProfile(file: string): CostProfile {
  const builtin = BUILTIN[file];
  if (builtin !== undefined) return builtin;
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

let chosen: { profile: CostProfile | null; cores: number | undefined } | null = null;
let fromEnv: { key: string; profile: CostProfile | null; cores: number | undefined } | null = null;

/**
 * Sets the profile and core count of every later run that does not give its own (the
 * CLI's `--costs`/`--cores`); null goes back to the environment's and the defaults.
 */
export function setActiveProfile(profile: CostProfile | null, cores?: number): void {
  chosen = profile === null && cores === undefined ? null : { profile, cores };
}

/** The profile the user chose (`setActiveProfile`, else CONCSIM_COSTS), or null. */
export function chosenProfile(): CostProfile | null {
  return chosen?.profile ?? envChoice().profile;
}

/** The profile runs use unless given costs: the chosen one, else `ideal`. */
export function activeProfile(): CostProfile {
  return chosenProfile() ?? IDEAL_PROFILE;
}

/** The profile reports use: the chosen one, else `calibrated`. */
export function reportProfile(): CostProfile {
  return chosenProfile() ?? CALIBRATED_PROFILE;
}

/** The core count runs use by default, or undefined for the scenario's own. */
export function activeCores(): number | undefined {
  return chosen?.cores ?? envChoice().cores;
}

/** CONCSIM_COSTS and CONCSIM_CORES, read again only when they change (runs are many). */
function envChoice(): { profile: CostProfile | null; cores: number | undefined } {
  const file = process.env['CONCSIM_COSTS'] ?? '';
  const cores = process.env['CONCSIM_CORES'] ?? '';
  const key = `${file}\n${cores}`;
  if (fromEnv === null || fromEnv.key !== key) {
    fromEnv = {
      key,
      profile: file === '' ? null : loadProfile(file),
      cores: cores === '' ? undefined : parseCores(cores, 'CONCSIM_CORES'),
    };
  }
  return fromEnv;
}
