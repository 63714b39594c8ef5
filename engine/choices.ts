/**
 * The text form of a recorded schedule, as printed in replay commands: comma-separated
 * choice indices, where `v*n` stands for n repeats of v (`0*12,1,0*3`).
 */

export function encodeChoices(choices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < choices.length; ) {
    const v = choices[i] as number;
    let j = i + 1;
    while (j < choices.length && choices[j] === v) j++;
    const n = j - i;
    parts.push(n >= 3 ? `${v}*${n}` : n === 2 ? `${v},${v}` : `${v}`);
    i = j;
  }
  return parts.join(',');
}

/** Parses the text form; throws a one-line `Error` describing what is accepted. */
export function decodeChoices(text: string): number[] {
  const out: number[] = [];
  const trimmed = text.trim();
  if (trimmed === '') return out;
  for (const part of trimmed.split(',')) {
    const m = /^\s*(\d+)(?:\*(\d+))?\s*$/.exec(part);
    if (!m) {
      throw new Error(
        `malformed choice '${part}' in --choices: expected comma-separated non-negative integers, optionally v*n for n repeats`,
      );
    }
    const v = Number(m[1]);
    const n = m[2] === undefined ? 1 : Number(m[2]);
    if (!Number.isSafeInteger(v) || !Number.isSafeInteger(n) || n > 100_000_000) {
      throw new Error(`choice '${part}' in --choices is out of range`);
    }
    for (let i = 0; i < n; i++) out.push(v);
  }
  return out;
}
