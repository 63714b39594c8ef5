/**
 * The kernel side of a stream socket (Linux's `struct sock`): the TCP state, the send and
 * receive buffers, flow control, connection set-up and tear-down, and the readiness that
 * pollers see. `socket` (socket.ts) is the Python object over it; select.ts and the event
 * loop read its readiness. Everything here runs at one instant: user calls and kernel
 * callbacks (segment arrivals) call in, and it wakes whoever waits.
 *
 * Rules, following Linux (net/ipv4/tcp.c, tcp_input.c, inet_connection_sock.c):
 * - connect: a SYN travels to the listener; nothing listening answers with RST (the
 *   client's connect raises ConnectionRefusedError). A full accept queue drops the SYN
 *   (the client retransmits at 1, 2, 4 … s, and gives up with ETIMEDOUT after
 *   `synRetries`), or refuses it with `synOverflow: 'refuse'`. The queue is full beyond
 *   `backlog + 1` connections, as Linux's `sk_acceptq_is_full` counts; unlike Linux,
 *   half-open connections (SYN received, ACK not yet) count towards it, so an ACK never
 *   meets a full queue. The client's connect completes when the SYN-ACK arrives (one
 *   round trip); the connection enters the accept queue when the client's ACK arrives.
 * - Data: `send` copies into the send buffer what fits; the buffer drains onto the path as
 *   far as the peer's receive window allows (send buffer bytes are freed once on the
 *   wire, not when acknowledged). `recv` takes from the receive buffer and opens the
 *   window, which the sender learns one latency later.
 * - Nagle's algorithm with delayed ACKs (Linux's Minshall variant, tcp_nagle_check and
 *   __tcp_ack_snd_check), when the cost model's `delayedAck` is above 0: a sender holds a
 *   segment smaller than the MSS while an earlier small segment is unacknowledged, unless
 *   TCP_NODELAY is set or a FIN follows; a receiver ACKs at once when more than one MSS is
 *   unacknowledged, rides its ACK on the data it sends back, and otherwise sends it
 *   `delayedAck` ticks after the first unacknowledged segment. So a request-response
 *   peer that writes twice before reading stalls for a delayed ACK. As Linux does, a new
 *   connection ACKs its first 16 segments at once (quick-ACK mode, TCP_MAX_QUICKACKS)
 *   unless it is interactive (ping-pong mode: it sent data within `delayedAck` of
 *   receiving some), and a delayed ACK that had to be sent ends ping-pong mode. A read
 *   sends the delayed ACK at once (tcp_cleanup_rbuf) when more than a segment is
 *   unacknowledged, or when it empties the buffer after a segment smaller than the
 *   peer's estimated MSS (tcp_measure_rcv_mss: 536 bytes at first) — in ping-pong mode
 *   after two. Not modelled: quick-ACK mode again after an idle longer than the
 *   retransmission timeout (200 ms at least); ACKs free nothing (send buffer space is
 *   freed on the wire, below) and are not retransmitted.
 * - Close: with unread data in its receive buffer, closing aborts the connection with a
 *   RST (Linux's tcp_close); otherwise a FIN follows the queued data, and the side that
 *   sent the first FIN keeps its port in TIME_WAIT for 60 s from its close. Data that
 *   arrives for a closed socket is answered with RST (Linux's TCPAbortOnData), and the
 *   sender's next call raises ConnectionResetError, then BrokenPipeError.
 * - Errors are reported once, as Linux's `sk_err` is: after ECONNRESET, `recv` returns
 *   b'' (end of stream) and `send` raises BrokenPipeError.
 * - Readiness is Linux's `tcp_poll`: a listener is readable when a connection waits; a
 *   peer's FIN makes a socket readable (EPOLLIN | EPOLLRDHUP) and recv returns b''; EPOLLHUP
 *   comes only when both directions are shut (the peer's FIN and our own shutdown or
 *   close of writing) or the connection is reset; EPOLLERR while an error is pending.
 */
import { type Kernel, type Scheduled, WaitQueue } from '../../engine/index.ts';
import { ByteBuffer, EMPTY } from './bytes.ts';
import { errno } from './errors.ts';
import {
  type Address,
  type Binding,
  type Host,
  LOOPBACK,
  type Network,
  type Path,
  type Sender,
  WILDCARD,
} from './network.ts';

/** `select.EPOLLIN`: ready to read (Linux's value). */
export const EPOLLIN = 0x001;
/** `select.EPOLLPRI`: urgent (out-of-band) data to read (Linux's value). */
export const EPOLLPRI = 0x002;
/** `select.EPOLLOUT`: ready to write (Linux's value). */
export const EPOLLOUT = 0x004;
/** `select.EPOLLERR`: an error condition (Linux's value). */
export const EPOLLERR = 0x008;
/** `select.EPOLLHUP`: hung up (Linux's value). */
export const EPOLLHUP = 0x010;
/** `select.EPOLLRDNORM`: normal data to read (Linux's value). */
export const EPOLLRDNORM = 0x040;
/** `select.EPOLLRDBAND`: priority-band data to read (Linux's value). */
export const EPOLLRDBAND = 0x080;
/** `select.EPOLLWRNORM`: normal data may be written (Linux's value). */
export const EPOLLWRNORM = 0x100;
/** `select.EPOLLWRBAND`: priority data may be written (Linux's value). */
export const EPOLLWRBAND = 0x200;
/** `select.EPOLLMSG`: unused by Linux, defined for completeness (Linux's value). */
export const EPOLLMSG = 0x400;
/** `select.EPOLLRDHUP`: the peer shut down its writing side (Linux's value). */
export const EPOLLRDHUP = 0x2000;
/** `select.EPOLLEXCLUSIVE`: wake one of several epolls waiting on the same socket (Linux's value). */
export const EPOLLEXCLUSIVE = 0x1000_0000;
/** `select.EPOLLONESHOT`: report once, then disable until modified (Linux's value). */
export const EPOLLONESHOT = 0x4000_0000;
/** `select.EPOLLET`: edge-triggered reporting (Linux's value). */
export const EPOLLET = 0x8000_0000;

/** Linux's TCP_MAX_QUICKACKS: segments ACKed at once after a connection is made. */
const MAX_QUICKACKS = 16;
/** Linux's TCP_MSS_DEFAULT: the first estimate of the peer's segment size (icsk_ack.rcv_mss). */
const MSS_DEFAULT = 536;

export type TcpState = 'closed' | 'listen' | 'synsent' | 'synrecv' | 'established';

/** A poller (a select call, an epoll object) told when a watched endpoint's readiness may have changed. */
export interface Watcher {
  notify(ep: Endpoint, key: number): void;
  /** The endpoint was closed: stop watching it. */
  forget(ep: Endpoint): void;
}

export class Endpoint implements Binding, Sender {
  readonly kernel: Kernel;
  tcp: TcpState = 'closed';
  addr = WILDCARD;
  port = 0;
  bound = false;
  reuse = false;
  /** Ever connected (a second connect raises EISCONN). */
  connected = false;
  remote: Address | null = null;
  peer: Endpoint | null = null;
  /** The path towards the peer. */
  out: Path | null = null;
  lastArrival = 0;
  sndbuf: number;
  rcvbuf: number;
  readonly sendQ = new ByteBuffer();
  readonly recvQ = new ByteBuffer();
  /** Bytes we may still put on the wire: the peer's free receive space as last advertised. */
  credit = 0;
  /** Linux's RCV_SHUTDOWN: the peer's FIN arrived, or we shut down reading. */
  rdShut = false;
  /** Linux's SEND_SHUTDOWN: we shut down or closed writing. */
  wrShut = false;
  finPending = false;
  finSent = false;
  /** The peer's FIN arrived (Linux's SOCK_DONE). */
  finRcvd = false;
  /** We sent the first FIN: our port goes to TIME_WAIT. */
  activeClose = false;
  /** Pending error (Linux's `sk_err`), reported once; 0 for none. */
  err = 0;
  /** Reset, refused or timed out: the connection is gone. */
  done = false;
  /** The user closed the socket (or it never was handed to one and was aborted). */
  closed = false;
  backlog = 0;
  readonly acceptQ: Endpoint[] = [];
  /** Half-open connections of a listener: client endpoint → our child. */
  readonly synrecv = new Map<Endpoint, Endpoint>();
  parent: Endpoint | null = null;
  #synTimer: Scheduled | null = null;
  #synTries = 0;
  /** TCP_NODELAY: Nagle's algorithm off. */
  nodelay = false;
  /** Bytes put on the wire (snd_nxt), acknowledged by the peer (snd_una), and the end of the last small segment (snd_sml). */
  #sndNxt = 0;
  #sndUna = 0;
  #sndSml = 0;
  /** Bytes received (rcv_nxt), and the bytes already acknowledged (rcv_wup). */
  #rcvNxt = 0;
  #rcvAcked = 0;
  #ackTimer: Scheduled | null = null;
  /** Immediate ACKs left in Linux's quick-ACK mode (TCP_MAX_QUICKACKS at the start). */
  #quickAcks = MAX_QUICKACKS;
  /** Linux's ping-pong (interactive) mode: ACKs are delayed, to ride on the reply. */
  #pingpong = false;
  /** When data last arrived, for the ping-pong test. */
  #lastRecvAt = -1;
  /** Linux's estimate of the peer's segment size (icsk_ack.rcv_mss), and the last segment's. */
  #rcvMss = MSS_DEFAULT;
  #lastSegSize = 0;
  /** Small segments received since our last ACK: Linux's ICSK_ACK_PUSHED (1) and PUSHED2 (2). */
  #pushed = 0;
  readonly readq: WaitQueue;
  readonly writeq: WaitQueue;
  readonly watchers: Watcher[] = [];

  constructor(
    readonly net: Network,
    readonly host: Host,
    readonly label: string,
  ) {
    this.kernel = net.kernel;
    this.sndbuf = net.sendBuffer;
    this.rcvbuf = net.recvBuffer;
    this.readq = new WaitQueue(`${label}.read`);
    this.writeq = new WaitQueue(`${label}.write`);
    net.sockets++;
  }

  get listening(): boolean {
    return this.tcp === 'listen';
  }

  get timeWait(): boolean {
    return false;
  }

  // ---- readiness ---------------------------------------------------------------------

  /** Linux's `tcp_poll` mask (EPOLLET/ONESHOT never appear). */
  pollMask(): number {
    if (this.tcp === 'listen') return this.acceptQ.length > 0 ? EPOLLIN | EPOLLRDNORM : 0;
    let m = 0;
    if ((this.rdShut && this.wrShut) || this.tcp === 'closed') m |= EPOLLHUP;
    if (this.rdShut) m |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
    if (this.tcp !== 'synsent' && this.tcp !== 'synrecv') {
      if (this.recvQ.length > 0) m |= EPOLLIN | EPOLLRDNORM;
      if (this.wrShut || this.sendQ.length < this.sndbuf) m |= EPOLLOUT | EPOLLWRNORM;
    }
    if (this.err !== 0) m |= EPOLLERR;
    return m;
  }

  /**
   * Wakes whoever waits on this endpoint and tells its watchers, with Linux's wake-up key:
   * EPOLLIN for new data or a new connection (`sk_data_ready`), EPOLLOUT for freed send
   * space (`sk_write_space`), 0 for a state change that concerns everyone
   * (`sk_state_change`: connected, FIN, RST, shutdown, close).
   */
  notify(key: number): void {
    const k = this.kernel;
    if ((key === 0 || (key & EPOLLIN) !== 0) && this.readq.length > 0) k.wakeAll(this.readq);
    if ((key === 0 || (key & EPOLLOUT) !== 0) && this.writeq.length > 0) k.wakeAll(this.writeq);
    for (const w of this.watchers) w.notify(this, key);
  }

  // ---- binding -------------------------------------------------------------------------

  /**
   * Occupies (addr, port) on the host; port 0 picks an ephemeral one (`forConnect`: for a
   * connect's automatic bind, which TIME_WAIT entries do not block). Returns 0 or an errno.
   */
  bind(addr: string, port: number, forConnect = false): number {
    if (this.bound) return errno.EINVAL;
    if (!this.host.ownsAddress(addr)) return errno.EADDRNOTAVAIL;
    let p = port;
    if (p === 0) {
      p = this.host.ephemeralPort(addr, this.reuse, forConnect);
      if (p === 0) return errno.EADDRINUSE;
    } else if (this.host.conflicts(addr, p, this.reuse)) {
      return errno.EADDRINUSE;
    }
    this.addr = addr;
    this.port = p;
    this.bound = true;
    this.host.add(this);
    return 0;
  }

  #unbind(): void {
    if (!this.bound) return;
    this.host.remove(this);
    this.bound = false;
  }

  // ---- listening -------------------------------------------------------------------------

  listen(backlog: number): number {
    if (this.tcp === 'listen') {
      this.backlog = backlog;
      return 0;
    }
    if (this.tcp !== 'closed' || this.connected) return errno.EINVAL;
    if (!this.bound) {
      const e = this.bind(WILDCARD, 0);
      if (e !== 0) return e;
    }
    if (this.host.listenConflict(this)) return errno.EADDRINUSE;
    this.tcp = 'listen';
    this.host.listen(this);
    this.backlog = backlog;
    return 0;
  }

  /** A SYN from `client` to (addr, port) of this listener arrived. */
  synArrived(client: Endpoint, addr: string): void {
    const net = this.net;
    const k = this.kernel;
    if (this.synrecv.has(client)) return; // a retransmitted SYN
    const back = net.path(this.host, client.host);
    if (this.acceptQ.length + this.synrecv.size > this.backlog) {
      if (k.tracing) k.emit('net.syn.overflow', this.label, { from: client.label, backlog: this.backlog });
      if (net.synOverflow === 'refuse') net.transmit(back, 0, { lastArrival: 0 }, () => client.rstArrived());
      return;
    }
    const child = new Endpoint(net, this.host, k.label('socket'));
    child.tcp = 'synrecv';
    child.addr = addr === WILDCARD ? this.addr : addr;
    child.port = this.port;
    child.reuse = this.reuse;
    child.bound = true;
    this.host.add(child);
    child.remote = [client.addr, client.port];
    child.connected = true;
    child.peer = client;
    child.out = back;
    child.parent = this;
    child.sndbuf = this.sndbuf;
    child.rcvbuf = this.rcvbuf;
    child.credit = client.rcvbuf;
    this.synrecv.set(client, child);
    net.transmit(back, 0, child, () => client.#synAckArrived(child));
  }

  /** The client's ACK of our SYN-ACK arrived: the connection waits to be accepted. */
  #ackArrived(): void {
    const l = this.parent as Endpoint;
    l.synrecv.delete(this.peer as Endpoint);
    if (this.done) {
      this.#release();
      return;
    }
    if (l.closed || l.tcp !== 'listen') {
      this.abort();
      return;
    }
    this.tcp = 'established';
    l.acceptQ.push(this);
    const k = this.kernel;
    if (k.tracing) k.emit('net.established', l.label, { conn: this.label, queued: l.acceptQ.length });
    l.notify(EPOLLIN);
  }

  /** Takes the first connection of the accept queue, or null. */
  acceptNext(): Endpoint | null {
    return this.acceptQ.shift() ?? null;
  }

  // ---- connecting -------------------------------------------------------------------------

  /**
   * Starts connecting to (addr, port) on host `target` (`addr` is `127.0.0.1` or the
   * target's address); returns 0 or an errno.
   */
  connect(target: Host, addr: string, port: number): number {
    if (this.tcp === 'synsent') return errno.EALREADY;
    if (this.tcp !== 'closed' || this.connected) return errno.EISCONN;
    const localAddr = addr === LOOPBACK ? LOOPBACK : this.host.address;
    if (!this.bound) {
      const e = this.bind(localAddr, 0, true);
      if (e !== 0) return errno.EADDRNOTAVAIL;
    } else if (this.addr === WILDCARD) {
      this.addr = localAddr;
    }
    this.remote = [addr, port];
    this.tcp = 'synsent';
    this.err = 0;
    this.done = false;
    this.rdShut = false;
    this.wrShut = false;
    this.out = this.net.path(this.host, target);
    this.#synTries = 0;
    this.#sendSyn(target);
    return 0;
  }

  #sendSyn(target: Host): void {
    const k = this.kernel;
    const [addr, port] = this.remote as Address;
    const rto = this.net.synTimeout * 2 ** this.#synTries;
    this.#synTimer = k.schedule(k.now + rto, () => this.#synTimedOut(target));
    if (k.tracing) k.emit('net.syn', this.label, { to: `${addr}:${port}`, attempt: this.#synTries + 1 });
    this.net.transmit(this.out as Path, 0, this, () => {
      const l = target.listener(addr, port) as Endpoint | null;
      if (l === null) {
        this.net.transmit(this.net.path(target, this.host), 0, { lastArrival: 0 }, () => this.rstArrived());
      } else {
        l.synArrived(this, addr);
      }
    });
  }

  #synTimedOut(target: Host): void {
    this.#synTimer = null;
    if (this.tcp !== 'synsent') return;
    if (this.#synTries >= this.net.synRetries) {
      this.err = errno.ETIMEDOUT;
      this.#terminate();
      return;
    }
    this.#synTries++;
    this.#sendSyn(target);
  }

  #synAckArrived(child: Endpoint): void {
    if (this.tcp !== 'synsent' || this.closed) {
      // We gave up or closed meanwhile: reset the half-open connection.
      this.net.transmit(this.out as Path, 0, { lastArrival: 0 }, () => child.rstArrived());
      return;
    }
    if (this.#synTimer !== null) {
      this.#synTimer.cancelled = true;
      this.#synTimer = null;
    }
    this.tcp = 'established';
    this.connected = true;
    this.peer = child;
    this.credit = child.rcvbuf;
    const k = this.kernel;
    if (k.tracing) k.emit('net.connected', this.label, { peer: child.label });
    this.net.transmit(this.out as Path, 0, this, () => child.#ackArrived());
    this.notify(0);
  }

  // ---- data ---------------------------------------------------------------------------------

  /**
   * Takes up to `n` bytes (Linux's tcp_recvmsg): data if any; else b'' at end of stream;
   * else a pending error once; else EAGAIN (would block) or ENOTCONN.
   */
  recv(n: number): Uint8Array | number {
    if (this.tcp === 'listen') return errno.ENOTCONN;
    if (this.recvQ.length > 0) {
      const data = this.recvQ.take(n);
      this.net.bufferedBytes -= data.length;
      this.#openWindow(data.length);
      this.#cleanupRbuf();
      return data;
    }
    if (this.finRcvd) return EMPTY;
    if (this.err !== 0) return this.#takeError();
    if (this.rdShut) return EMPTY;
    if (this.tcp === 'closed') return errno.ENOTCONN;
    return errno.EAGAIN;
  }

  /** Whether `recv` would not return EAGAIN. */
  readable(): boolean {
    return (
      this.tcp === 'listen' ||
      this.recvQ.length > 0 ||
      this.finRcvd ||
      this.err !== 0 ||
      this.rdShut ||
      this.tcp === 'closed'
    );
  }

  /**
   * Copies what fits of `data` into the send buffer (Linux's tcp_sendmsg); returns the
   * count, or an errno: EAGAIN when the buffer is full or the connection not yet made.
   */
  send(data: Uint8Array): number {
    if (this.tcp !== 'established') {
      if (this.err !== 0) return -this.#takeError();
      if (this.tcp === 'synsent' || this.tcp === 'synrecv') return -errno.EAGAIN;
      return -errno.EPIPE;
    }
    if (this.err !== 0) return -this.#takeError();
    if (this.wrShut) return -errno.EPIPE;
    const free = this.sndbuf - this.sendQ.length;
    if (free <= 0) return -errno.EAGAIN;
    if (data.length === 0) return 0;
    const n = Math.min(free, data.length);
    this.sendQ.push(n === data.length ? data : data.subarray(0, n));
    this.net.bufferedBytes += n;
    this.pump();
    return n;
  }

  /** Whether `send` would not return EAGAIN. */
  writable(): boolean {
    if (this.tcp === 'synsent' || this.tcp === 'synrecv') return this.err !== 0;
    return this.tcp !== 'established' || this.err !== 0 || this.wrShut || this.sendQ.length < this.sndbuf;
  }

  #takeError(): number {
    const e = this.err;
    this.err = 0;
    return e;
  }

  /** Puts queued bytes on the wire as far as the peer's window allows, then the FIN. */
  pump(): void {
    const peer = this.peer;
    const path = this.out;
    if (peer === null || path === null || this.done) return;
    const net = this.net;
    let moved = false;
    const nagle = !this.nodelay && !this.finPending && this.kernel.costs.delayedAck > 0;
    while (this.sendQ.length > 0 && this.credit > 0) {
      const size = Math.min(this.credit, net.mss, this.sendQ.length);
      // Minshall's Nagle: a small segment waits while the last small one is unacknowledged.
      if (nagle && size < net.mss && this.#sndSml > this.#sndUna) break;
      const chunk = this.sendQ.take(size);
      net.bufferedBytes -= chunk.length;
      this.credit -= chunk.length;
      this.#sndNxt += chunk.length;
      if (chunk.length < net.mss) this.#sndSml = this.#sndNxt;
      moved = true;
      // tcp_event_data_sent: data sent soon after data came in makes the connection interactive.
      if (this.#lastRecvAt >= 0 && this.kernel.now - this.#lastRecvAt < this.kernel.costs.delayedAck) {
        this.#pingpong = true;
      }
      const ack = this.#ackNow();
      net.transmit(path, chunk.length, this, () => peer.#dataArrived(chunk, ack));
    }
    if (this.finPending && !this.finSent && this.sendQ.length === 0) {
      this.finSent = true;
      if (!this.finRcvd) this.activeClose = true;
      const ack = this.#ackNow();
      net.transmit(path, 0, this, () => peer.#finArrived(ack));
    }
    if (moved && !this.closed) this.notify(EPOLLOUT);
  }

  #openWindow(n: number): void {
    const peer = this.peer;
    const path = this.out;
    if (peer === null || path === null || this.done || n === 0) return;
    this.net.arrive(path, this.kernel.now + path.latency, () => {
      if (peer.done) return;
      peer.credit += n;
      peer.pump();
    });
  }

  /**
   * Linux's tcp_cleanup_rbuf, after a read: a delayed ACK goes now if more than a segment is
   * unacknowledged, or if the read emptied the buffer after a small segment came (the peer
   * may be waiting on Nagle) — in ping-pong mode only after two small segments.
   */
  #cleanupRbuf(): void {
    if (this.#ackTimer === null) return;
    const drained = this.recvQ.length === 0 && (this.#pushed === 2 || (this.#pushed === 1 && !this.#pingpong));
    if (drained || this.#rcvNxt - this.#rcvAcked > this.#rcvMss) this.#sendAck();
  }

  /** Linux's tcp_measure_rcv_mss: learns the peer's segment size, or marks a small segment. */
  #measureRcvMss(len: number): void {
    const last = this.#lastSegSize;
    this.#lastSegSize = 0;
    if (len >= this.#rcvMss) {
      this.#rcvMss = Math.min(len, this.net.mss);
      return;
    }
    if (len >= MSS_DEFAULT) {
      this.#lastSegSize = len;
      if (len === last) {
        this.#rcvMss = len; // two segments of one size: the peer's MSS
        return;
      }
    }
    this.#pushed = this.#pushed === 0 ? 1 : 2;
  }

  /** What a segment we send now acknowledges (rcv_nxt): it carries the ACK we owe, so none is delayed. */
  #ackNow(): number {
    this.#rcvAcked = this.#rcvNxt;
    this.#pushed = 0; // inet_csk_clear_xmit_timer(ICSK_TIME_DACK) clears icsk_ack.pending
    if (this.#ackTimer !== null) {
      this.#ackTimer.cancelled = true;
      this.#ackTimer = null;
    }
    return this.#rcvNxt;
  }

  /** An ACK up to `ack` arrived: a segment Nagle held may go. */
  #acked(ack: number): void {
    if (ack <= this.#sndUna) return;
    this.#sndUna = ack;
    if (this.sendQ.length > 0) this.pump();
  }

  /** We received `n` bytes: ACK now if more than an MSS is unacknowledged, else within `delayedAck`. */
  #owe(n: number): void {
    this.#rcvNxt += n;
    const delay = Math.round(this.kernel.costs.delayedAck);
    if (delay === 0) return; // no Nagle hold to release: ACKs need not be modelled
    this.#lastRecvAt = this.kernel.now;
    this.#measureRcvMss(n);
    if (this.#quickAcks > 0 && !this.#pingpong) {
      this.#quickAcks--; // tcp_in_quickack_mode
      this.#sendAck();
    } else if (this.#rcvNxt - this.#rcvAcked > this.net.mss) this.#sendAck();
    else if (this.#ackTimer === null) {
      const k = this.kernel;
      this.#ackTimer = k.schedule(k.now + delay, () => {
        this.#ackTimer = null;
        // tcp_delack_timer_handler: a delayed ACK that had to be sent ends ping-pong mode.
        this.#pingpong = false;
        this.#sendAck();
      });
    }
  }

  #sendAck(): void {
    const peer = this.peer;
    const path = this.out;
    if (peer === null || path === null || this.done) return;
    const ack = this.#ackNow();
    this.net.transmit(path, 0, this, () => peer.#acked(ack));
  }

  #dataArrived(chunk: Uint8Array, ack: number): void {
    if (this.done) return;
    this.#acked(ack);
    this.#owe(chunk.length);
    const k = this.kernel;
    if (this.closed) {
      if (k.tracing) k.emit('net.abort-on-data', this.label, { bytes: chunk.length });
      this.abort();
      return;
    }
    this.recvQ.push(chunk);
    this.net.bufferedBytes += chunk.length;
    if (k.tracing) k.emit('net.data', this.label, { bytes: chunk.length, queued: this.recvQ.length });
    this.notify(EPOLLIN);
  }

  #finArrived(ack: number): void {
    if (this.done) return;
    this.#acked(ack);
    this.finRcvd = true;
    this.rdShut = true;
    const k = this.kernel;
    k.emit('net.fin', this.label, null);
    this.notify(0);
  }

  /** A RST arrived: the connection is gone; the error is reported once. */
  rstArrived(): void {
    if (this.done) return;
    const k = this.kernel;
    if (this.tcp === 'synrecv' && this.parent !== null && !this.closed) {
      // The client went away before completing the handshake: free the backlog slot.
      this.parent.synrecv.delete(this.peer as Endpoint);
      this.closed = true;
      this.net.sockets--;
    }
    if (this.tcp === 'synsent') this.err = errno.ECONNREFUSED;
    else if (!this.closed) this.err = errno.ECONNRESET;
    k.emit(this.tcp === 'synsent' ? 'net.refused' : 'net.reset', this.label, null);
    this.#terminate();
  }

  /** Drops the connection: the state becomes CLOSE, both directions shut, queued output dropped. */
  #terminate(): void {
    if (this.#synTimer !== null) {
      this.#synTimer.cancelled = true;
      this.#synTimer = null;
    }
    if (this.#ackTimer !== null) {
      this.#ackTimer.cancelled = true;
      this.#ackTimer = null;
    }
    this.tcp = 'closed';
    this.done = true;
    this.rdShut = true;
    this.wrShut = true;
    this.finPending = false;
    this.net.bufferedBytes -= this.sendQ.clear();
    if (this.closed) this.#release();
    this.notify(0);
  }

  /** Sends a RST to the peer and drops the connection (and, if closed, its buffers). */
  abort(): void {
    const peer = this.peer;
    const path = this.out;
    if (peer !== null && path !== null && !this.done) this.net.transmit(path, 0, this, () => peer.rstArrived());
    this.#terminate();
  }

  /** Frees what a closed endpoint still holds: its port and unread bytes. */
  #release(): void {
    this.net.bufferedBytes -= this.recvQ.clear();
    this.#unbind();
  }

  // ---- shutdown and close ---------------------------------------------------------------------

  /** `shutdown(how)` with 0 = SHUT_RD, 1 = SHUT_WR, 2 = SHUT_RDWR; returns 0 or an errno. */
  shutdown(how: number): number {
    if (how !== 0 && how !== 1 && how !== 2) return errno.EINVAL;
    if (this.tcp !== 'established') return errno.ENOTCONN;
    if (how !== 1) this.rdShut = true;
    if (how !== 0 && !this.wrShut) {
      this.wrShut = true;
      this.finPending = true;
      this.pump();
    }
    this.notify(0);
    return 0;
  }

  /** The user closed the socket (the last reference to its file). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.net.sockets--;
    for (const w of this.watchers.slice()) w.forget(this);
    this.watchers.length = 0;
    const k = this.kernel;
    if (k.tracing) k.emit('net.close', this.label, { state: this.tcp });
    switch (this.tcp) {
      case 'listen': {
        this.tcp = 'closed';
        this.#unbind(); // a listener is always bound: host.remove also unlistens it
        for (const c of this.acceptQ.splice(0)) c.#abortUnaccepted();
        for (const c of [...this.synrecv.values()]) c.#abortUnaccepted();
        this.synrecv.clear();
        break;
      }
      case 'synsent':
        this.#terminate();
        break;
      case 'synrecv':
      case 'established':
        if (this.done) {
          this.#release();
        } else if (this.recvQ.length > 0) {
          this.abort();
        } else {
          const active = this.activeClose || !this.finRcvd;
          this.wrShut = true;
          this.finPending = true;
          this.pump();
          this.#unbind();
          if (active) this.host.addTimeWait(this.addr, this.port);
        }
        break;
      default:
        this.#release();
    }
    this.notify(0);
  }

  /** A connection its listener closed before anyone accepted it. */
  #abortUnaccepted(): void {
    this.closed = true;
    this.net.sockets--;
    this.abort();
  }

  /** `getsockname()`. */
  sockname(): Address {
    return [this.addr, this.port];
  }
}
