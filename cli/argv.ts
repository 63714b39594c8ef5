/**
 * What commander lets through and the CLI must not: an option that takes a value takes
 * the next word whatever it is, so `run X --trace --json` would write a file named
 * `--json`. Before parsing, every such option must be followed by a value that is not
 * itself an option (a word starting with `-` and a letter; `-3` is a value, and
 * `--trace=--x` says plainly that it is one).
 */
import type { Command } from 'commander';
import { UsageFailure } from './usage.ts';

const looksLikeFlag = (s: string) => /^--?[A-Za-z]/.test(s);

/** Throws a `UsageFailure` when an option of `cmd` that needs a value has none in `args`. */
export function checkOptionValues(cmd: Command, args: readonly string[]): void {
  const needs = new Map<string, string>();
  for (const o of cmd.options) {
    if (!o.required) continue; // `--workers [n]` takes a value only when one follows
    for (const name of [o.long, o.short]) if (name) needs.set(name, o.flags);
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') return;
    const flags = needs.get(a);
    if (flags === undefined) continue;
    const next = args[i + 1];
    if (next === undefined || looksLikeFlag(next)) {
      throw new UsageFailure(
        next === undefined
          ? `option '${flags}' needs a value`
          : `option '${flags}' needs a value, got the option '${next}' (write ${a}=${next} if that is the value)`,
      );
    }
    i++;
  }
}
