/**
 * Python's `bytes` as `Uint8Array`: `encode`/`decode` for UTF-8 text (`'hi'.encode()`,
 * `b.decode()`), `concatBytes`, and `ByteBuffer`, the growable FIFO of bytes that socket
 * buffers and stream readers keep.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An empty `bytes` (`b''`). Never written to. */
export const EMPTY: Uint8Array = new Uint8Array(0);

/** `s.encode()`: UTF-8. */
export function encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/** `b.decode()`: UTF-8. */
export function decode(b: Uint8Array): string {
  return decoder.decode(b);
}

/** `b''.join(parts)`. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A FIFO of bytes: append at the end, take from the front. Storage grows by doubling. */
export class ByteBuffer {
  #buf: Uint8Array = EMPTY;
  #start = 0;
  #end = 0;

  get length(): number {
    return this.#end - this.#start;
  }

  /** Appends a copy of `data`. */
  push(data: Uint8Array): void {
    const n = data.length;
    if (n === 0) return;
    if (this.#end + n > this.#buf.length) {
      const len = this.length;
      if (len + n <= this.#buf.length && len <= this.#buf.length / 2) {
        this.#buf.copyWithin(0, this.#start, this.#end);
      } else {
        const grown = new Uint8Array(Math.max(64, 2 * (len + n)));
        grown.set(this.#buf.subarray(this.#start, this.#end));
        this.#buf = grown;
      }
      this.#start = 0;
      this.#end = len;
    }
    this.#buf.set(data, this.#end);
    this.#end += n;
  }

  /** Removes and returns (a copy of) the first `n` bytes, or all if fewer. */
  take(n: number): Uint8Array {
    const m = Math.min(n, this.length);
    if (m === 0) return EMPTY;
    const out = this.#buf.slice(this.#start, this.#start + m);
    this.#start += m;
    if (this.#start === this.#end) this.clear();
    return out;
  }

  /** The byte at offset `i` from the front. */
  at(i: number): number {
    return this.#buf[this.#start + i] as number;
  }

  /** Offset of the first occurrence of `sep` at or after `from`, or -1. */
  indexOf(sep: Uint8Array, from = 0): number {
    const b = this.#buf;
    const last = this.#end - sep.length;
    outer: for (let i = this.#start + from; i <= last; i++) {
      for (let j = 0; j < sep.length; j++) if (b[i + j] !== sep[j]) continue outer;
      return i - this.#start;
    }
    return -1;
  }

  /** Drops everything and frees the storage; returns how many bytes were dropped. */
  clear(): number {
    const n = this.length;
    this.#buf = EMPTY;
    this.#start = 0;
    this.#end = 0;
    return n;
  }
}
