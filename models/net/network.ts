/**
 * The simulated network of a run: hosts with addresses and port tables, each with a
 * loopback, and links between them with a latency, a bandwidth and an optional seeded
 * jitter. Segments are handed to a path (one direction of a link) and delivered by a
 * kernel callback at the time they arrive: a path sends one segment at a time at its
 * bandwidth (a segment of n bytes occupies it for n / bandwidth seconds, computed in exact
 * integer arithmetic, so no rounding accumulates), then the segment travels for the
 * latency plus a jitter drawn uniformly from [0, jitter]. Within one connection, segments
 * (data, FIN, RST) arrive in the order they were sent, whatever the jitter, as TCP
 * delivers them to the application.
 *
 * Every run starts with one host, `localhost`, at address `10.0.0.1`, on which every
 * process runs unless `assign` places it elsewhere. `127.0.0.1` (and `localhost`) always
 * means the host itself, through its loopback. Links nobody configured take the cost
 * model's defaults (`linkLatency`, `linkBandwidth`, `loopbackLatency`, `loopbackBandwidth`).
 *
 * Differs from a real network, on purpose:
 * - No loss, reordering, congestion control or slow start: a path is a FIFO pipe with a
 *   fixed rate. Only payload bytes take bandwidth; headers, SYNs, ACKs and FINs take only
 *   latency.
 * - Flow control is exact: a sender transmits no more than the free space of the peer's
 *   receive buffer, learnt from window updates that travel back with the path's latency.
 * - Ports: bound and connected sockets, and TIME_WAIT entries, occupy a (address, port)
 *   pair on their host. Ephemeral ports come in order from 32768 to 60999 (Linux's
 *   `ip_local_port_range`, which Linux walks from a hashed offset instead); a connect's
 *   automatic bind may reuse a port in TIME_WAIT, as only its four-tuple must be unique,
 *   but never one a live socket holds (Linux shares those between destinations).
 * - The jitter stream is seeded from one draw of the kernel's scenario stream, made the
 *   first time a jittery segment is sent.
 */
import { type Kernel, kernel, makeRng, type Rng, RunLocal, type SimProcess, toTicks } from '../../engine/index.ts';
import { ValueError } from '../errors.ts';

/** Linux's TCP_TIMEWAIT_LEN: a connection's port stays in TIME_WAIT for 60 s. */
export const TIME_WAIT_TICKS = 60_000_000;
export const EPHEMERAL_LOW = 32768;
export const EPHEMERAL_HIGH = 60999;
export const WILDCARD = '0.0.0.0';
export const LOOPBACK = '127.0.0.1';

/** Python's `(host, port)` address tuple. */
export type Address = readonly [string, number];

/** A link's latency, bandwidth and jitter. */
export interface LinkOptions {
  /** One-way latency in seconds. */
  readonly latency?: number;
  /** Bytes per second; 0 means unlimited. */
  readonly bandwidth?: number;
  /** Extra latency per segment, drawn uniformly from [0, jitter] seconds. */
  readonly jitter?: number;
}

/**
 * Options of a run's simulated network: default socket buffer sizes, the segment size, and what a
 * full listen backlog does with a new connection (drop or refuse its SYN, retries).
 */
export interface NetworkOptions {
  /** Default send-buffer size of new sockets, in bytes (Linux `tcp_wmem` default: 16 KiB). */
  readonly sendBuffer?: number;
  /** Default receive-buffer size of new sockets (Linux `tcp_rmem` default: 128 KiB). */
  readonly recvBuffer?: number;
  /** Largest segment, in bytes (default 65,536: a loopback MTU). */
  readonly mss?: number;
  /**
   * What happens to a SYN that finds the listener's accept queue full: `drop` (Linux's
   * default, `tcp_abort_on_overflow = 0`: the client retransmits after 1, 2, 4 … s and
   * its `connect` waits) or `refuse` (the client gets ConnectionRefusedError at once).
   */
  readonly synOverflow?: 'drop' | 'refuse';
  /** SYN retransmissions before `connect` fails with ETIMEDOUT (Linux `tcp_syn_retries`: 6). */
  readonly synRetries?: number;
  /** First SYN retransmission timeout in seconds, doubled at each retry (Linux: 1 s). */
  readonly synTimeout?: number;
}

/** Something that keeps the order of its own segments on a path (one side of a connection). */
export interface Sender {
  lastArrival: number;
}

/** One direction of a link, or a host's loopback. */
export class Path {
  /** Integer tick at which the path finishes its current segments, plus `carry`/bandwidth. */
  freeAt = 0;
  carry = 0;
  constructor(
    readonly label: string,
    /** Ticks. */
    public latency: number,
    /** Bytes per second (an integer); 0 for unlimited. */
    public bandwidth: number,
    /** Ticks. */
    public jitter: number,
    /** A host's loopback: its segments are delivered within the sender's system call. */
    readonly loopback = false,
  ) {}
}

/** An occupant of a (address, port) pair. */
export interface Binding {
  readonly addr: string;
  readonly port: number;
  readonly reuse: boolean;
  readonly listening: boolean;
  readonly timeWait: boolean;
}

class TimeWait implements Binding {
  readonly reuse = true;
  readonly listening = false;
  readonly timeWait = true;
  constructor(
    readonly addr: string,
    readonly port: number,
  ) {}
}

function overlaps(a: string, b: string): boolean {
  return a === b || a === WILDCARD || b === WILDCARD;
}

/** A simulated host: an address and its port table (bound and listening sockets). */
export class Host {
  /** Occupants of each port (bound, listening and connected sockets, TIME_WAIT entries). */
  readonly #ports = new Map<number, Set<Binding>>();
  /** The listening occupants of each port, for the SYNs that look for them. */
  readonly #listeners = new Map<number, Binding[]>();
  #nextEphemeral = EPHEMERAL_LOW;

  constructor(
    readonly network: Network,
    /** The host's address on the network (`10.0.0.2`). */
    readonly address: string,
    readonly name: string,
  ) {}

  /** Whether a socket of this host may bind `addr` (the wildcard, loopback, or its address). */
  ownsAddress(addr: string): boolean {
    return addr === WILDCARD || addr === LOOPBACK || addr === this.address;
  }

  /**
   * Linux's bind-conflict rule, simplified: a live occupant conflicts unless both sides
   * set SO_REUSEADDR and the occupant is not listening; a TIME_WAIT entry conflicts
   * unless the newcomer set SO_REUSEADDR, or (`forConnect`) it picks a port to connect
   * from, since a connection needs only its four-tuple to be unique.
   */
  conflicts(addr: string, port: number, reuse: boolean, forConnect = false): boolean {
    const set = this.#ports.get(port);
    if (set === undefined) return false;
    for (const b of set) {
      if (!overlaps(addr, b.addr)) continue;
      if (b.timeWait ? !(reuse || forConnect) : !(reuse && b.reuse && !b.listening)) return true;
    }
    return false;
  }

  /** Whether another socket listens on an overlapping (address, port). */
  listenConflict(b: Binding): boolean {
    for (const o of this.#listeners.get(b.port) ?? []) if (o !== b && overlaps(o.addr, b.addr)) return true;
    return false;
  }

  /** A free ephemeral port for `addr`, or 0 if all are taken. */
  ephemeralPort(addr: string, reuse: boolean, forConnect = false): number {
    const span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
    for (let i = 0; i < span; i++) {
      const p = this.#nextEphemeral;
      this.#nextEphemeral = p === EPHEMERAL_HIGH ? EPHEMERAL_LOW : p + 1;
      if (!this.conflicts(addr, p, reuse, forConnect)) return p;
    }
    return 0;
  }

  add(b: Binding): void {
    const set = this.#ports.get(b.port);
    if (set === undefined) this.#ports.set(b.port, new Set([b]));
    else set.add(b);
  }

  remove(b: Binding): void {
    const set = this.#ports.get(b.port);
    if (set === undefined) return;
    set.delete(b);
    if (set.size === 0) this.#ports.delete(b.port);
    this.unlisten(b);
  }

  /** Marks `b` (already added) as listening. */
  listen(b: Binding): void {
    const list = this.#listeners.get(b.port);
    if (list === undefined) this.#listeners.set(b.port, [b]);
    else list.push(b); // Endpoint.listen returns early when already listening
  }

  unlisten(b: Binding): void {
    const list = this.#listeners.get(b.port);
    if (list === undefined) return;
    const i = list.indexOf(b);
    if (i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.#listeners.delete(b.port);
  }

  /** Keeps (addr, port) occupied in TIME_WAIT for 60 s. */
  addTimeWait(addr: string, port: number): void {
    const tw = new TimeWait(addr, port);
    this.add(tw);
    const k = this.network.kernel;
    k.schedule(k.now + TIME_WAIT_TICKS, () => this.remove(tw));
  }

  /** The listening occupant of (addr, port) that a SYN to it reaches, or null. */
  listener(addr: string, port: number): Binding | null {
    let wild: Binding | null = null;
    for (const b of this.#listeners.get(port) ?? []) {
      if (b.addr === addr) return b;
      if (b.addr === WILDCARD) wild = b;
    }
    return wild;
  }
}

function nonNegativeTicks(seconds: number | undefined, fallback: number, what: string): number {
  if (seconds === undefined) return fallback;
  if (typeof seconds !== 'number' || !(seconds >= 0) || !Number.isFinite(seconds)) {
    throw new ValueError(`${what} must be a non-negative number of seconds, not ${String(seconds)}`);
  }
  return toTicks(seconds);
}

function bandwidthOf(b: number | undefined, fallback: number): number {
  if (b === undefined) return fallback;
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 0) {
    throw new ValueError(`bandwidth must be a non-negative integer of bytes per second, not ${String(b)}`);
  }
  return b;
}

function positiveInt(n: number | undefined, fallback: number, what: string): number {
  if (n === undefined) return fallback;
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`${what} must be a positive integer, not ${String(n)}`);
  return n;
}

/**
 * The simulated network of a run: hosts and the links between them, delivering segments in virtual
 * time.
 */
export class Network {
  readonly localhost: Host;
  sendBuffer = 16_384;
  recvBuffer = 131_072;
  mss = 65_536;
  synOverflow: 'drop' | 'refuse' = 'drop';
  synRetries = 6;
  /** Ticks. */
  synTimeout = 1_000_000;
  /** Open sockets (user sockets not yet closed, and connections waiting to be accepted). */
  sockets = 0;
  /** Bytes queued in all send and receive buffers. */
  bufferedBytes = 0;
  readonly #hosts = new Map<string, Host>();
  readonly #paths = new Map<string, Path>();
  readonly #placement = new Map<SimProcess, Host>();
  #rng: Rng | null = null;

  constructor(readonly kernel: Kernel) {
    this.localhost = this.addHost('10.0.0.1', { name: 'localhost' });
  }

  /** Sets network-wide defaults (buffer sizes, SYN-overflow behaviour); returns the network. */
  configure(o: NetworkOptions): this {
    this.sendBuffer = positiveInt(o.sendBuffer, this.sendBuffer, 'sendBuffer');
    this.recvBuffer = positiveInt(o.recvBuffer, this.recvBuffer, 'recvBuffer');
    this.mss = positiveInt(o.mss, this.mss, 'mss');
    if (o.synOverflow !== undefined) {
      if (o.synOverflow !== 'drop' && o.synOverflow !== 'refuse') {
        throw new ValueError(`synOverflow must be 'drop' or 'refuse', not ${String(o.synOverflow)}`);
      }
      this.synOverflow = o.synOverflow;
    }
    if (o.synRetries !== undefined) {
      if (!Number.isInteger(o.synRetries) || o.synRetries < 0) throw new ValueError('synRetries must be >= 0');
      this.synRetries = o.synRetries;
    }
    this.synTimeout = nonNegativeTicks(o.synTimeout, this.synTimeout, 'synTimeout');
    return this;
  }

  /** Adds a host reachable at `address`. */
  addHost(address: string, o: { readonly name?: string } = {}): Host {
    if (typeof address !== 'string' || address === '' || address === WILDCARD || address === LOOPBACK) {
      throw new ValueError(`a host needs its own address, not ${JSON.stringify(address)}`);
    }
    if (this.#hosts.has(address)) throw new ValueError(`a host already has address ${address}`);
    const h = new Host(this, address, o.name ?? address);
    this.#hosts.set(address, h);
    return h;
  }

  /** The host at `address` (a Host is returned as is). */
  host(address: string | Host): Host {
    if (address instanceof Host) return address;
    const h = this.#hosts.get(address);
    if (h === undefined) throw new ValueError(`no host has address ${address}`);
    return h;
  }

  /** Every host, in creation order. */
  hosts(): Host[] {
    return [...this.#hosts.values()];
  }

  /**
   * Sets the link between hosts `a` and `b`, both directions alike; with `a` equal to
   * `b`, the host's loopback. Segments already sent keep their times.
   */
  link(a: string | Host, b: string | Host, o: LinkOptions = {}): void {
    const ha = this.host(a);
    const hb = this.host(b);
    const directions: [Host, Host][] =
      ha === hb
        ? [[ha, ha]]
        : [
            [ha, hb],
            [hb, ha],
          ];
    for (const [from, to] of directions) {
      const p = this.path(from, to);
      p.latency = nonNegativeTicks(o.latency, p.latency, 'latency');
      p.bandwidth = bandwidthOf(o.bandwidth, p.bandwidth);
      p.jitter = nonNegativeTicks(o.jitter, p.jitter, 'jitter');
    }
  }

  /** Runs the sockets of process `p`'s threads on `host`. */
  assign(p: SimProcess, host: string | Host): void {
    this.#placement.set(p, this.host(host));
  }

  /** The host process `p` runs on. */
  hostOf(p: SimProcess): Host {
    return this.#placement.get(p) ?? this.localhost;
  }

  /** The host `addr` names, seen from `from` (loopback names `from` itself), or null. */
  route(from: Host, addr: string): Host | null {
    if (addr === LOOPBACK || addr === WILDCARD || addr === '' || addr === 'localhost') return from;
    return this.#hosts.get(addr) ?? null;
  }

  /** The path from `from` to `to` (created with the cost model's defaults). */
  path(from: Host, to: Host): Path {
    const key = `${from.address}>${to.address}`;
    let p = this.#paths.get(key);
    if (p === undefined) {
      const c = this.kernel.costs;
      p =
        from === to
          ? new Path(`${from.name}.lo`, Math.round(c.loopbackLatency), c.loopbackBandwidth, 0, true)
          : new Path(`${from.name}>${to.name}`, Math.round(c.linkLatency), c.linkBandwidth, 0);
      this.#paths.set(key, p);
    }
    return p;
  }

  /**
   * Sends a segment of `bytes` payload bytes on `path` for `sender`, and calls `deliver`
   * when it arrives; returns the arrival tick. Arrivals of one sender never go backwards.
   */
  transmit(path: Path, bytes: number, sender: Sender, deliver: () => void): number {
    const k = this.kernel;
    let end = k.now;
    if (bytes > 0 && path.bandwidth > 0) {
      const bw = path.bandwidth;
      if (path.freeAt < k.now || (path.freeAt === k.now && path.carry === 0)) {
        path.freeAt = k.now;
        path.carry = 0;
      }
      // Exact: the segment ends at freeAt + (carry + bytes * 1e6) / bw ticks.
      const total = path.carry + bytes * 1_000_000;
      const whole = Math.floor(total / bw);
      path.freeAt += whole;
      path.carry = total - whole * bw;
      end = path.freeAt + (path.carry > 0 ? 1 : 0);
    }
    let at = end + path.latency;
    if (path.jitter > 0) {
      if (this.#rng === null) this.#rng = makeRng(String(k.rng.next()), 'net.jitter');
      at += this.#rng.int(path.jitter + 1);
    }
    if (at < sender.lastArrival) at = sender.lastArrival;
    sender.lastArrival = at;
    this.arrive(path, at, deliver);
    return at;
  }

  /**
   * Calls `deliver` at `at`, when something sent on `path` arrives. On a loopback the arrival
   * is part of the sending fiber's system call (the receive path runs in its softirq), so that
   * fiber makes the wake-ups it causes (`Kernel.scheduleFor`).
   */
  arrive(path: Path, at: number, deliver: () => void): void {
    const k = this.kernel;
    k.scheduleFor(path.loopback ? (k.current ?? k.syncWaker) : null, at, deliver);
  }
}

const NETWORK = new RunLocal<{ network: Network | null }>(() => ({ network: null }));

/** The running simulation's network, created on first use. */
export function network(): Network {
  const k = kernel('network()');
  const s = k.local(NETWORK);
  s.network ??= new Network(k);
  return s.network;
}

/** The network of kernel `k` if it has one (for accounting), without creating it. */
export function networkOf(k: Kernel): Network | null {
  return k.local(NETWORK).network;
}
