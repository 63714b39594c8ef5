/**
 * Scenario parameters: a schema of typed parameters with defaults and bounds. Each one
 * parses its command-line text with a one-line error saying what is accepted, and gives
 * fast-check an arbitrary over its checkable range for `concsim check`.
 */
import fc from 'fast-check';

/** A bad parameter value or name; its message is the one line the CLI prints. */
export class ParamError extends Error {
  override name = 'ParamError';
}

/**
 * One parameter of a scenario: its default, bounds, documentation and how to parse it from `--param
 * key=value`.
 */
export interface ParamSpec<T> {
  readonly kind: 'int' | 'number' | 'boolean' | 'choice';
  readonly default: T;
  readonly doc: string;
  /** Parses command-line text; throws `ParamError` naming `key`. */
  parse(key: string, text: string): T;
  /** Validates a value given in code; throws `ParamError`. */
  validate(key: string, value: unknown): T;
  /** Values `check` explores (shrinking towards the default's side). */
  arbitrary(): fc.Arbitrary<T>;
  /** Accepted values, for `concsim list` and error messages: `integer 1..1000`. */
  describe(): string;
}

/** A scenario's parameters: a `ParamSpec` per key of its parameter object. */
export type ParamSchema<P> = { readonly [K in keyof P]: ParamSpec<P[K]> };

interface NumberOptions<T> {
  readonly default: T;
  readonly doc: string;
  readonly min: number;
  readonly max: number;
  /** Upper bound of the values `check` draws (default `max`), to keep explored runs small. */
  readonly checkMax?: number;
}

function numberSpec(kind: 'int' | 'number', o: NumberOptions<number>, nullable: boolean): ParamSpec<number | null> {
  const what = `${kind === 'int' ? 'an integer' : 'a number'} from ${o.min} to ${o.max}${nullable ? ", or 'none'" : ''}`;
  const validate = (key: string, v: unknown): number | null => {
    if (v === null && nullable) return null;
    if (typeof v !== 'number' || Number.isNaN(v) || (kind === 'int' && !Number.isInteger(v))) {
      throw new ParamError(`parameter ${key}=${String(v)} is not valid: expected ${what}`);
    }
    if (v < o.min || v > o.max) throw new ParamError(`parameter ${key}=${v} is out of range: expected ${what}`);
    return v;
  };
  const hi = Math.min(o.checkMax ?? o.max, o.max);
  // Real-valued parameters are explored on a millisecond grid: readable counterexamples
  // (0.25, not 5e-324) that shrink towards the minimum.
  const base: fc.Arbitrary<number> =
    kind === 'int'
      ? fc.integer({ min: o.min, max: hi })
      : fc.integer({ min: Math.ceil(o.min * 1000), max: Math.floor(hi * 1000) }).map((x) => x / 1000);
  return {
    kind,
    default: o.default,
    doc: o.doc,
    parse(key, text) {
      const t = text.trim();
      if (nullable && /^(none|null)$/i.test(t)) return null;
      const n = kind === 'int' ? (/^[+-]?\d+$/.test(t) ? Number(t) : Number.NaN) : t === '' ? Number.NaN : Number(t);
      if (Number.isNaN(n)) throw new ParamError(`parameter ${key}='${text}' is not valid: expected ${what}`);
      return validate(key, n);
    },
    validate,
    arbitrary: () => (nullable ? fc.option(base, { nil: null }) : base),
    describe: () => what.replace(/^an? /, ''),
  };
}

/**
 * Parameter builders for a scenario's schema: `param.int`, `param.number`, `param.optionalNumber`,
 * `param.boolean`, `param.choice`.
 */
export const param = {
  int(o: NumberOptions<number>): ParamSpec<number> {
    return numberSpec('int', o, false) as ParamSpec<number>;
  },
  number(o: NumberOptions<number>): ParamSpec<number> {
    return numberSpec('number', o, false) as ParamSpec<number>;
  },
  /** A number or null (Python's None), written `none` on the command line. */
  optionalNumber(o: NumberOptions<number | null>): ParamSpec<number | null> {
    return numberSpec('number', o as NumberOptions<number>, true);
  },
  /**
   * `drawn: false` keeps a check at the default unless the parameter is pinned: for a
   * switch between variants, such as a known bug's `fixed`, of which a check explores one.
   */
  boolean(o: { readonly default: boolean; readonly doc: string; readonly drawn?: boolean }): ParamSpec<boolean> {
    const validate = (key: string, v: unknown): boolean => {
      if (typeof v !== 'boolean')
        throw new ParamError(`parameter ${key}=${String(v)} is not valid: expected true or false`);
      return v;
    };
    return {
      kind: 'boolean',
      default: o.default,
      doc: o.doc,
      parse(key, text) {
        const t = text.trim().toLowerCase();
        if (t === 'true' || t === '1' || t === 'yes') return true;
        if (t === 'false' || t === '0' || t === 'no') return false;
        throw new ParamError(`parameter ${key}='${text}' is not valid: expected true or false`);
      },
      validate,
      arbitrary: () => (o.drawn === false ? fc.constant(o.default) : fc.boolean()),
      describe: () => 'true or false',
    };
  },
  choice<const T extends string>(values: readonly T[], o: { readonly default: T; readonly doc: string }): ParamSpec<T> {
    const what = `one of ${values.join(', ')}`;
    const validate = (key: string, v: unknown): T => {
      if (!values.includes(v as T))
        throw new ParamError(`parameter ${key}=${String(v)} is not valid: expected ${what}`);
      return v as T;
    };
    return {
      kind: 'choice',
      default: o.default,
      doc: o.doc,
      parse: (key, text) => validate(key, text.trim()),
      validate,
      arbitrary: () => fc.constantFrom(...values),
      describe: () => what,
    };
  },
};

/** Defaults overlaid with `given`; unknown keys and bad values throw `ParamError`. */
export function resolveParams<P>(
  scenario: string,
  schema: ParamSchema<P>,
  given: { readonly [key: string]: unknown } = {},
): P {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(schema);
  for (const key of Object.keys(given)) {
    if (!keys.includes(key)) {
      throw new ParamError(
        `unknown parameter '${key}' for ${scenario}: accepted are ${keys.length ? keys.join(', ') : 'none'}`,
      );
    }
  }
  for (const key of keys) {
    const spec = schema[key as keyof P] as ParamSpec<unknown>;
    out[key] = key in given ? spec.validate(key, given[key]) : spec.default;
  }
  return out as P;
}

/** Parses `key=value` texts against the schema (the CLI's `--param`). */
export function parseParamArgs<P>(scenario: string, schema: ParamSchema<P>, args: readonly string[]): Partial<P> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(schema);
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new ParamError(`malformed --param '${a}': expected key=value`);
    const key = a.slice(0, eq).trim();
    const spec = schema[key as keyof P] as ParamSpec<unknown> | undefined;
    if (spec === undefined || !keys.includes(key)) {
      throw new ParamError(
        `unknown parameter '${key}' for ${scenario}: accepted are ${keys.length ? keys.join(', ') : 'none'}`,
      );
    }
    out[key] = spec.parse(key, a.slice(eq + 1));
  }
  return out as Partial<P>;
}
