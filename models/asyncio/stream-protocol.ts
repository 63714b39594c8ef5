/**
 * The protocol between a socket transport and a reader/writer pair: asyncio's
 * `StreamReaderProtocol` (CPython 3.11's `streams.py`) with `FlowControlMixin`'s drain. It
 * feeds the reader, makes the writer for a server's `client_connected_cb`, and holds
 * `drain()`'s waiters while the transport has paused writing.
 *
 * Differs from CPython 3.11: a `client_connected_cb` task that fails is reported to the
 * loop's exception handler when it ends and its connection is closed (3.12's behaviour;
 * 3.11 leaves the report to the garbage collector and the socket open).
 */

import type { Blocking } from '../../engine/index.ts';
import { ConnectionResetError } from '../net/errors.ts';
import { type Future, isCoroutine, type Task } from './futures.ts';
import type { EventLoop } from './loop.ts';
import type { Server } from './server.ts';
import type { SocketTransport } from './socket-transport.ts';
import type { StreamReader } from './stream-reader.ts';
import { StreamWriter } from './stream-writer.ts';

/** `client_connected_cb(reader, writer)`: what a server calls for each connection. */
export type ClientConnected = (reader: StreamReader, writer: StreamWriter) => unknown;

/** asyncio's `StreamReaderProtocol`: the transport's callbacks, into the reader and the drain waiters. */
export class StreamProtocol {
  readonly closed: Future<void>;
  #paused = false;
  #drainWaiters: Future<void>[] = [];
  #lost = false;
  #lostExc: unknown = null;

  constructor(
    readonly loop: EventLoop,
    readonly reader: StreamReader,
    readonly onConnected: ClientConnected | null,
    readonly server: Server | null,
  ) {
    this.closed = loop.createFuture<void>();
  }

  connectionMade(t: SocketTransport): void {
    this.reader.setTransport(t);
    this.server?.attach();
    if (this.onConnected === null) return;
    const w = new StreamWriter(t, this, this.reader);
    const r = this.onConnected(this.reader, w);
    if (isCoroutine(r)) {
      const task: Task<unknown> = this.loop.createTask(r);
      task.addDoneCallback(() => {
        if (task.cancelled()) return;
        const e = task.exception();
        if (e === null) return;
        this.loop.callExceptionHandler({ message: 'Unhandled exception in client_connected_cb', exception: e });
        t.close();
      });
    }
  }

  dataReceived(data: Uint8Array): void {
    this.reader.feedData(data);
  }

  /** Returns true: the transport stays open for writing after the peer's EOF. */
  eofReceived(): boolean {
    this.reader.feedEof();
    return true;
  }

  connectionLost(exc: unknown): void {
    if (exc === null) this.reader.feedEof();
    else this.reader.setException(exc);
    if (!this.closed.done()) {
      if (exc === null) this.closed.setResult(undefined);
      else {
        this.closed.setException(exc);
        this.closed.exception(); // retrieved: waitClosed reports it, nobody else must
      }
    }
    this.#lost = true;
    this.#lostExc = exc;
    this.#wakeDrainers(exc);
    this.server?.detach();
  }

  pauseWriting(): void {
    this.#paused = true;
  }

  resumeWriting(): void {
    this.#paused = false;
    this.#wakeDrainers(null);
  }

  #wakeDrainers(exc: unknown): void {
    const ws = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of ws) {
      if (w.done()) continue;
      if (exc === null) w.setResult(undefined);
      else w.setException(exc);
    }
  }

  *drainHelper(): Blocking {
    if (this.#lost) throw this.#lostExc ?? new ConnectionResetError(null, 'Connection lost');
    if (!this.#paused) return;
    const w = this.loop.createFuture<void>();
    this.#drainWaiters.push(w);
    yield* w;
  }
}
