/**
 * `asyncio.Server` (CPython 3.11's `base_events.Server`): listening sockets whose reader
 * callback accepts up to `backlog` connections a turn and hands each to the streams'
 * connection callback; `close`, `waitClosed` and `serveForever`.
 */

import type { Blocking } from '../../engine/index.ts';
import { RuntimeError } from '../errors.ts';
import { OSError } from '../net/errors.ts';
import type { socket } from '../net/socket.ts';
import type { Future } from './futures.ts';
import type { EventLoop } from './loop.ts';

/** `asyncio.Server`: listening sockets whose connections get a reader/writer pair each. */
export class Server {
  readonly #loop: EventLoop;
  #sockets: socket[] | null;
  readonly #backlog: number;
  readonly #onConnect: (conn: socket) => void;
  #serving = false;
  #active = 0;
  #waiters: Future<void>[] | null = [];
  #servingForever: Future<void> | null = null;

  constructor(loop: EventLoop, sockets: socket[], backlog: number, onConnect: (conn: socket) => void) {
    this.#loop = loop;
    this.#sockets = sockets;
    this.#backlog = backlog;
    this.#onConnect = onConnect;
  }

  get sockets(): readonly socket[] {
    return this.#sockets ?? [];
  }

  getLoop(): EventLoop {
    return this.#loop;
  }

  isServing(): boolean {
    return this.#serving;
  }

  attach(): void {
    this.#active++;
  }

  detach(): void {
    this.#active--;
    if (this.#active === 0 && this.#sockets === null) this.#wakeup();
  }

  #wakeup(): void {
    const ws = this.#waiters;
    this.#waiters = null;
    for (const w of ws ?? []) if (!w.done()) w.setResult(undefined);
  }

  /** Starts accepting connections (the loop's reader on each listening socket). */
  startServing(): void {
    if (this.#serving || this.#sockets === null) return;
    this.#serving = true;
    for (const s of this.#sockets) this.#loop.addReader(s.fileno(), () => this.#accept(s));
  }

  /** asyncio's _accept_connection: accepts up to `backlog` connections per callback. */
  #accept(s: socket): void {
    const c = this.#loop.kernel.costs;
    for (let i = 0; i < this.#backlog; i++) {
      let conn: socket;
      try {
        [conn] = s.acceptNow();
      } catch (e) {
        this.#loop.charge(c.socketCall); // the accept that raised BlockingIOError
        if (e instanceof OSError) return;
        throw e;
      }
      // Its setblocking and its close are plain calls: charged here.
      this.#loop.charge(c.socketAccept + c.socketControl + c.socketClose);
      conn.setblockingNow(false);
      this.#onConnect(conn);
    }
  }

  /** Stops listening; connections being served go on. */
  close(): void {
    const socks = this.#sockets;
    if (socks === null) return;
    this.#sockets = null;
    for (const s of socks) {
      this.#loop.removeReader(s.fileno());
      s.closeNow();
    }
    this.#serving = false;
    if (this.#servingForever !== null && !this.#servingForever.done()) {
      this.#servingForever.cancel();
      this.#servingForever = null;
    }
    if (this.#active === 0) this.#wakeup();
  }

  /** `await server.wait_closed()`: until closed and every connection is gone. */
  *waitClosed(): Blocking {
    if (this.#sockets === null || this.#waiters === null) return;
    const w = this.#loop.createFuture<void>();
    this.#waiters.push(w);
    yield* w;
  }

  /** `await server.serve_forever()`: serves until cancelled, then closes the server. */
  *serveForever(): Blocking {
    if (this.#servingForever !== null)
      throw new RuntimeError(`server ${String(this)} is already being awaited on serve_forever()`);
    if (this.#sockets === null) throw new RuntimeError(`server ${String(this)} is closed`);
    this.startServing();
    const f = this.#loop.createFuture<void>();
    this.#servingForever = f;
    try {
      yield* f;
    } finally {
      try {
        this.close();
        yield* this.waitClosed();
      } finally {
        this.#servingForever = null;
      }
    }
  }

  toString(): string {
    return `<Server sockets=${this.sockets.map(String).join(', ')}>`;
  }
}
