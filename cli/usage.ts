/** A usage error: one line on stderr saying what is wrong and what is accepted, exit code 2. */
export class UsageFailure extends Error {
  override name = 'UsageFailure';
}

export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) >= 2 ** 32) {
    throw new UsageFailure(`invalid --seed '${text}': expected an integer from 0 to 4294967295`);
  }
  return Number(text);
}

export function parsePositiveInt(flag: string, max: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
      throw new UsageFailure(`invalid ${flag} '${text}': expected an integer from 1 to ${max}`);
    }
    return n;
  };
}

export function parseNatural(flag: string, max: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n > max) {
      throw new UsageFailure(`invalid ${flag} '${text}': expected an integer from 0 to ${max}`);
    }
    return n;
  };
}

export function parseStrategy<T extends string>(allowed: readonly T[]): (text: string) => T {
  return (text) => {
    if (!allowed.includes(text as T)) {
      throw new UsageFailure(`invalid --strategy '${text}': expected one of ${allowed.join(', ')}`);
    }
    return text as T;
  };
}

/** `--timeout`: seconds, a non-negative number (0 turns the watchdog off). */
export function parseTimeout(text: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n <= 86_400)) {
    throw new UsageFailure(`invalid --timeout '${text}': expected seconds from 0 to 86400 (0: no watchdog)`);
  }
  return n;
}
