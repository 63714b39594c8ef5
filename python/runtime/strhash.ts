/**
 * CPython 3.11's `hash(str)` under PYTHONHASHSEED=0 (as the corpus goldens are made):
 * SipHash-1-3 with an all-zero key over the string's internal buffer — one byte a
 * character when all are below U+0100, two below U+10000, else four, little-endian.
 * Only set iteration order reads it (a Python `hash()` of a str is not this), so results
 * are cached; BigInt arithmetic is slow but sets of strings are small in practice.
 */
const U64 = (1n << 64n) - 1n;

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & U64;
}

function sipHash13(bytes: Uint8Array): bigint {
  let v0 = 0x736f6d6570736575n;
  let v1 = 0x646f72616e646f6dn;
  let v2 = 0x6c7967656e657261n;
  let v3 = 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & U64;
    v1 = rotl(v1, 13n) ^ v0;
    v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & U64;
    v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & U64;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & U64;
    v1 = rotl(v1, 17n) ^ v2;
    v2 = rotl(v2, 32n);
  };
  const n = bytes.length;
  const whole = n - (n % 8);
  for (let i = 0; i < whole; i += 8) {
    let m = 0n;
    for (let j = 7; j >= 0; j--) m = (m << 8n) | BigInt(bytes[i + j] as number);
    v3 ^= m;
    round();
    v0 ^= m;
  }
  let t = BigInt(n & 0xff) << 56n;
  for (let j = n - 1; j >= whole; j--) t |= BigInt(bytes[j] as number) << BigInt(8 * (j - whole));
  v3 ^= t;
  round();
  v0 ^= t;
  v2 ^= 0xffn;
  round();
  round();
  round();
  return (v0 ^ v1 ^ v2 ^ v3) & U64;
}

/** The bytes of CPython's compact representation of `s` (latin-1, UCS-2 or UCS-4). */
function buffer(s: string): Uint8Array {
  const cps = Array.from(s, (c) => c.codePointAt(0) as number);
  const max = cps.reduce((a, b) => Math.max(a, b), 0);
  const width = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
  const out = new Uint8Array(cps.length * width);
  cps.forEach((cp, i) => {
    for (let b = 0; b < width; b++) out[i * width + b] = (cp >> (8 * b)) & 0xff;
  });
  return out;
}

const cache = new Map<string, bigint>();

/** `hash(s)` as CPython 3.11 computes it with PYTHONHASHSEED=0, as a signed 64-bit BigInt. */
export function strHash(s: string): bigint {
  let h = cache.get(s);
  if (h !== undefined) return h;
  if (s.length === 0) h = 0n;
  else {
    h = BigInt.asIntN(64, sipHash13(buffer(s)));
    if (h === -1n) h = -2n;
  }
  if (cache.size >= 100_000) cache.clear();
  cache.set(s, h);
  return h;
}
