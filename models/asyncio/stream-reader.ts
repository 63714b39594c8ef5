/**
 * `asyncio.StreamReader`, as CPython 3.11's `streams.py` writes it: it buffers what the
 * transport feeds it and hands it to tasks (`read`, `readline`, `readexactly`,
 * `readuntil`), blocking the task, not the loop. Flow control as in asyncio: it pauses
 * the transport's reading while it holds more than twice its limit (64 KiB by default).
 */

import type { Blocking } from '../../engine/index.ts';
import { RuntimeError, ValueError } from '../errors.ts';
import { ByteBuffer, concatBytes, EMPTY, encode } from '../net/bytes.ts';
import type { Future } from './futures.ts';
import { type EventLoop, getRunningLoop } from './loop.ts';
import type { SocketTransport } from './socket-transport.ts';

/** asyncio's default stream buffer limit: 64 KiB. */
export const DEFAULT_LIMIT = 65_536;

/** `asyncio.IncompleteReadError` (an EOFError in Python): EOF came before the expected bytes. */
export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';
  constructor(
    readonly partial: Uint8Array,
    readonly expected: number | null,
  ) {
    super(`${partial.length} bytes read on a total of ${expected === null ? 'undefined' : expected} expected bytes`);
  }
}

/** `asyncio.LimitOverrunError`: no separator within the reader's limit. */
export class LimitOverrunError extends Error {
  override name = 'LimitOverrunError';
  constructor(
    message: string,
    readonly consumed: number,
  ) {
    super(message);
  }
}

/** Keyword arguments of the streams API (`limit`: the reader's buffer limit in bytes). */
export interface StreamOptions {
  /** The reader's buffer limit in bytes (default 64 KiB). */
  readonly limit?: number;
}

/**
 * `asyncio.StreamReader`: reads from a connection (`read`, `readline`, `readexactly`, `readuntil`),
 * blocking the task, not the loop.
 */
export class StreamReader {
  readonly #loop: EventLoop;
  readonly #limit: number;
  readonly #buffer = new ByteBuffer();
  #eof = false;
  #waiter: Future<void> | null = null;
  #exception: unknown = null;
  #transport: SocketTransport | null = null;
  #paused = false;

  constructor(o: StreamOptions & { readonly loop?: EventLoop } = {}) {
    const limit = o.limit ?? DEFAULT_LIMIT;
    if (!(limit > 0)) throw new ValueError('Limit cannot be <= 0');
    this.#limit = limit;
    this.#loop = o.loop ?? getRunningLoop();
  }

  exception(): unknown {
    return this.#exception;
  }

  setException(exc: unknown): void {
    this.#exception = exc;
    const w = this.#waiter;
    if (w !== null) {
      this.#waiter = null;
      if (!w.cancelled()) w.setException(exc);
    }
  }

  setTransport(t: SocketTransport): void {
    this.#transport = t;
  }

  #wakeup(): void {
    const w = this.#waiter;
    if (w !== null) {
      this.#waiter = null;
      if (!w.cancelled()) w.setResult(undefined);
    }
  }

  feedEof(): void {
    this.#eof = true;
    this.#wakeup();
  }

  /** Whether the buffer is empty and EOF was fed. */
  atEof(): boolean {
    return this.#eof && this.#buffer.length === 0;
  }

  feedData(data: Uint8Array): void {
    if (this.#eof) throw new RuntimeError('feed_data after feed_eof');
    if (data.length === 0) return;
    this.#buffer.push(data);
    this.#wakeup();
    if (this.#transport !== null && !this.#paused && this.#buffer.length > 2 * this.#limit) {
      this.#transport.pauseReading();
      this.#paused = true;
    }
  }

  #maybeResume(): void {
    if (this.#paused && this.#buffer.length <= this.#limit) {
      this.#paused = false;
      this.#transport?.resumeReading();
    }
  }

  *#waitForData(func: string): Blocking {
    if (this.#waiter !== null) {
      throw new RuntimeError(`${func}() called while another coroutine is already waiting for incoming data`);
    }
    if (this.#paused) {
      this.#paused = false;
      this.#transport?.resumeReading();
    }
    this.#waiter = this.#loop.createFuture<void>();
    try {
      yield* this.#waiter;
    } finally {
      this.#waiter = null;
    }
  }

  /** `await reader.readline()`: up to and including b'\n'; the partial line at EOF. */
  *readline(): Blocking<Uint8Array> {
    const sep = NEWLINE;
    try {
      return yield* this.readuntil(sep);
    } catch (e) {
      if (e instanceof IncompleteReadError) return e.partial;
      if (e instanceof LimitOverrunError) {
        if (this.#buffer.indexOf(sep, e.consumed) === e.consumed) this.#buffer.take(e.consumed + sep.length);
        else this.#buffer.clear();
        this.#maybeResume();
        throw new ValueError(e.message);
      }
      throw e;
    }
  }

  /** `await reader.readuntil(separator=b'\n')`. */
  *readuntil(separator: Uint8Array = NEWLINE): Blocking<Uint8Array> {
    const seplen = separator.length;
    if (seplen === 0) throw new ValueError('Separator should be at least one-byte string');
    if (this.#exception !== null) throw this.#exception;
    let offset = 0;
    let isep: number;
    for (;;) {
      const buflen = this.#buffer.length;
      if (buflen - offset >= seplen) {
        isep = this.#buffer.indexOf(separator, offset);
        if (isep !== -1) break;
        offset = buflen + 1 - seplen;
        if (offset > this.#limit) {
          throw new LimitOverrunError('Separator is not found, and chunk exceed the limit', offset);
        }
      }
      if (this.#eof) {
        const chunk = this.#buffer.take(this.#buffer.length);
        throw new IncompleteReadError(chunk, null);
      }
      yield* this.#waitForData('readuntil');
    }
    if (isep > this.#limit) throw new LimitOverrunError('Separator is found, but chunk is longer than limit', isep);
    const chunk = this.#buffer.take(isep + seplen);
    this.#maybeResume();
    return chunk;
  }

  /** `await reader.read(n=-1)`: up to n bytes (all until EOF for -1); b'' at EOF. */
  *read(n = -1): Blocking<Uint8Array> {
    if (this.#exception !== null) throw this.#exception;
    if (n === 0) return EMPTY;
    if (n < 0) {
      const blocks: Uint8Array[] = [];
      for (;;) {
        const block = yield* this.read(this.#limit);
        if (block.length === 0) break;
        blocks.push(block);
      }
      return concatBytes(blocks);
    }
    if (this.#buffer.length === 0 && !this.#eof) yield* this.#waitForData('read');
    const data = this.#buffer.take(n);
    this.#maybeResume();
    return data;
  }

  /** `await reader.readexactly(n)`: exactly n bytes, or IncompleteReadError at EOF. */
  *readexactly(n: number): Blocking<Uint8Array> {
    if (n < 0) throw new ValueError('readexactly size can not be less than zero');
    if (this.#exception !== null) throw this.#exception;
    if (n === 0) return EMPTY;
    while (this.#buffer.length < n) {
      if (this.#eof) {
        const incomplete = this.#buffer.take(this.#buffer.length);
        throw new IncompleteReadError(incomplete, n);
      }
      yield* this.#waitForData('readexactly');
    }
    const data = this.#buffer.take(n);
    this.#maybeResume();
    return data;
  }
}

const NEWLINE = encode('\n');
