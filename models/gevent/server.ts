/**
 * gevent's `gevent.server.StreamServer` for the default spawn (GSV-1..4, 6, 7): an
 * accept loop in a greenlet, a greenlet per connection. Differs from gevent in taking a
 * listening socket only (gevent also accepts an address and binds it), and in
 * `maxConnections`, which ends the accept loop so that a scenario's server can finish.
 */

import type { Blocking } from '../../engine/index.ts';
import { OSError } from '../net/errors.ts';
import type { Address } from '../net/network.ts';
import type { socket } from '../net/socket.ts';
import { Greenlet, joinall } from './greenlet.ts';

/**
 * gevent's `StreamServer`, as gevent writes it for the default spawn (GSV-1..4, 6, 7): a
 * greenlet accepts connections from a listening socket and runs `handle(sock, address)` in
 * a greenlet of its own for each; when `handle` returns or raises, the server closes the
 * connection (a raise is reported by the hub, and the server goes on). `stop()` closes the
 * listener. `maxConnections` stops accepting after that many (so a scenario's server ends);
 * gevent's own serves until `stop()`.
 */
export class StreamServer {
  readonly handlers: Greenlet<unknown>[] = [];
  #acceptor: Greenlet<unknown> | null = null;
  #accepted = 0;

  constructor(
    readonly listener: socket,
    readonly handle: (sock: socket, address: Address) => Blocking,
    readonly o: { readonly maxConnections?: number; readonly onAccept?: (conn: socket) => void } = {},
  ) {}

  get started(): boolean {
    return this.#acceptor !== null && !this.listener.closed;
  }

  get accepted(): number {
    return this.#accepted;
  }

  start(): void {
    this.#acceptor = Greenlet.spawn(() => this.#serve());
    this.#acceptor.name = 'StreamServer.accept';
  }

  *#serve(): Blocking {
    const max = this.o.maxConnections ?? Number.POSITIVE_INFINITY;
    while (this.#accepted < max) {
      let conn: socket;
      let addr: Address;
      try {
        [conn, addr] = yield* this.listener.accept();
      } catch (e) {
        if (this.listener.closed && e instanceof OSError) return; // stop() closed the listener
        throw e;
      }
      this.#accepted++;
      this.o.onAccept?.(conn);
      const g = Greenlet.spawn(() => this.#handleAndClose(conn, addr));
      g.name = `handle-${this.#accepted}`;
      this.handlers.push(g);
    }
  }

  *#handleAndClose(conn: socket, addr: Address): Blocking {
    try {
      yield* this.handle(conn, addr);
    } finally {
      yield* conn.close();
    }
  }

  /** Waits for the accept loop to end (after `maxConnections`, or `stop()`), then for every handler. */
  *join(): Blocking {
    if (this.#acceptor !== null) yield* joinall([this.#acceptor]);
    yield* joinall(this.handlers);
  }

  stop(): void {
    this.listener.closeNow();
  }
}
