/**
 * The cost model: what things cost in virtual time and memory. Each constant says its unit,
 * what it charges and how `concsim calibrate` measures it (reports/calibrate/*.py on the
 * local CPython). CPU costs ("CPU ticks") are charged with `computeTicks`, so they hold the
 * process's GIL and a core; latencies pass without either. A profile loaded from JSON
 * (`parseCosts`) replaces any of them; `DEFAULT_COSTS` is a profile that calibrate measured
 * (see `DEFAULT_PROFILE`).
 *
 * Not modelled, on purpose: an uncontended Lock acquire/release pair (`lockNs`, ~0.1 µs) is
 * measured but not charged — it is below the kernel's one-tick resolution, and a scenario
 * would need thousands of acquires per millisecond for it to show.
 */

export interface CostModel {
  /** CPU ticks `Thread(...).start()` spends in the starter, charged before it waits for
   * `_started`: Thread()'s and start()'s Python, `pthread_create` under the GIL as CPython
   * calls it, and what its wait for `_started` costs it on the machine. Measured: the starter's
   * `thread_time` across `threading.Thread(target=f).start()` of threads that block at once,
   * started back to back as a server's loop starts them, with others alive (the model's own
   * charges for the wait, ~7 µs, come on top). Started 0.5 ms apart, each costs its cold
   * starter 180–236 µs instead: a difference the model does not make. */
  readonly threadStart: number;
  /** CPU ticks of a new thread's bootstrap under its GIL, from its first instruction to
   * `_started.set()` (t_bootstrap takes the GIL; `_bootstrap_inner`; its new stack's first
   * pages), which wakes its starter. Measured: the new thread's `thread_time()` on entering
   * its target. */
  readonly threadBootstrap: number;
  /** CPU ticks in the joiner when `join()` returns (the `_tstate_lock` dance). Measured:
   * joining an already finished thread, N times. */
  readonly threadJoin: number;
  /** CPU ticks of an ended thread's teardown after its joiners are woken (`pthread_exit`,
   * its 8 MiB stack unmapped), on a core without the GIL. Measured: N threads waiting on an
   * Event, set, left to end, against N that wait again on a second Event (the wake-ups
   * alone), in process CPU time. */
  readonly threadExit: number;
  /** Nanoseconds of an uncontended `Lock` acquire + release. Measured, not charged (see the header). */
  readonly lockNs: number;
  /** CPU ticks a thread spends taking the GIL from another thread of its process (a
   * forced switch or a hand-off to a waiter) in the ideal CPU (engine/cpu.ts); the costed one
   * (engine/os-cpu.ts) charges the futex wake-ups `take_gil` and `drop_gil` make instead.
   * Measured: two CPU-bound threads against one, per forced switch, less the work. */
  readonly gilHandoff: number;
  /** Ticks from an OS thread's wake-up (a lock released, data arriving, a timer or a
   * timeout due, the GIL signalled) to it running again, onto a core idle only briefly: the
   * futex wake, the idle core's wake-up and the scheduler's switch into it (half of
   * `switchCost`, on the core), without the GIL, which it then asks for (engine/os-cpu.ts; onto
   * a busy core see `wakeLatency`). Any value above 0 (or `wakeIdle`'s) selects the costed CPU
   * model, engine/os-cpu.ts; the ideal costs' 0 the ideal one, engine/cpu.ts. Measured:
   * one thread releases a Lock another is blocked on 50 µs after the other core went idle,
   * then blocks itself; from the release to the return of the other's acquire. */
  readonly contextSwitch: number;
  /** Ticks to wake a thread onto a core idle `wakeIdleAfter` ticks or more, which sleeps
   * deeper (a KVM guest's virtual CPU stops polling after `halt_poll_ns`, 200 µs by
   * default, and halts; bare metal enters a deeper C-state). Measured as `contextSwitch`,
   * with the core idle 1 ms; 0 makes every wake-up `contextSwitch`. */
  readonly wakeIdle: number;
  /** Ticks of idleness after which waking a thread onto a core costs `wakeIdle`. Measured:
   * the shortest idle time, of a scan from 25 µs to 1 ms, whose wake-up is nearer
   * `wakeIdle` than `contextSwitch`. */
  readonly wakeIdleAfter: number;
  /** Ticks from a futex wake to the woken thread being runnable, when no core is free for it
   * (it then queues, or preempts the thread running on its waker's core: engine/os-cpu.ts).
   * Measured by reports/calibrate/replica/futex_wake.c (a C program, not by `calibrate`):
   * 2.4–4 µs from the wake's start to the woken thread running. */
  readonly wakeLatency: number;
  /** CPU ticks of a voluntary context switch beyond the waker's `wakeSignal`: half spent by the
   * thread going to sleep (futex_wait's entry, the switch away), half by the switch into the
   * next thread. Measured (MEASUREMENTS-2026-12-07.md, session 4, not by `calibrate`):
   * gil_contention's threads cost 7.4 µs + ~11.5 µs per voluntary switch a round; less
   * `wakeSignal`. */
  readonly switchCost: number;
  /** CPU ticks a thread switched in after a long sleep spends beyond `switchCost`'s half: the
   * caches and TLB it finds cold. After a sleep of s ticks it spends `coldResume` × (1 −
   * e^(−s / `coldAfter`)). Measured: 50 threads woken from an Event while the main thread holds
   * the GIL, each running once (the switch in, take_gil finding the GIL held, the wait on its
   * condition variable, the switch out); their CPU per thread after sleeps of 1 to 200 ms,
   * less that after 1 ms, fitted to the curve. */
  readonly coldResume: number;
  /** Ticks of sleep after which a woken thread spends 63% of `coldResume`. Measured with it. */
  readonly coldAfter: number;
  /** CPU ticks a thread spends on its first wake-up since it started, beyond `coldResume`'s.
   * Measured: as `coldResume`, a new batch of threads' first round less its second, both after
   * 100 ms. */
  readonly firstResume: number;
  /** Ticks of an OS time slice per core's worth of Linux's base slice: a thread that runs this
   * long × (1 + log2 of the cores, at most 8) while others are runnable on its core gives it
   * up. Linux's default base slice, 0.75 ms; schedstat showed 1.4 ms slices on 2 cores. */
  readonly timeSlice: number;
  /** Ticks between the scheduler's ticks (1 / CONFIG_HZ; HZ 250 here, from /proc/config.gz). A
   * core that is idle pulls a thread queued on a busy core only at that core's next tick
   * (Linux's nohz idle-balance kick), unless it goes idle itself first; so a thread woken
   * onto its waker's busy core may wait up to a tick while the other core idles. */
  readonly schedTick: number;
  /** Cores that share a last-level cache, as Linux's scheduler sees them (`calibrate` reads
   * /sys/devices/system/cpu/cpu0/cache). Above 1, a thread woken onto a busy core goes to
   * any idle core instead (select_idle_sibling's search of the cache domain); at 1 (a virtual
   * machine that exposes no cache topology, as the PVM one of sessions 1–10 did, so the scheduler
   * has no such domain) it goes only to the core it last ran on, or to its waker's for a sync
   * wake-up (engine/os-cpu.ts). */
  readonly llcCores: number;
  /** The spread of the OS's own costs above (`wakeLatency`, `switchCost`, `wakeSignal`, the
   * wake-ups onto idle cores): each is drawn uniformly within ± this fraction, from the run's
   * seed. Measured by futex_wake.c: a woken thread ran 2.4–4 µs after the wake started, its
   * waker's call returned after 4.4–7 µs. Without a spread, whole-tick costs lock threads
   * into cycles no machine keeps (MEASUREMENTS-2026-12-07.md, session 5). */
  readonly osJitter: number;
  /** CPU ticks a thread spends waking another (the futex wake and the interrupt to the
   * core the other will run on), onto a busy or briefly idle core; `drop_gil` pays it
   * while holding the GIL's mutex. Measured: `os.write` to a pipe another thread is blocked
   * reading, less one nobody reads, every 50 µs. */
  readonly wakeSignal: number;
  /** The same onto a core idle `wakeIdleAfter` or more (waking a halted virtual CPU).
   * Measured as `wakeSignal`, every 1 ms. */
  readonly wakeSignalIdle: number;
  /** Fraction by which CPU work slows for each other core busy at the same time (shared
   * caches, memory bandwidth, turbo frequency): two CPU-bound processes on two cores each
   * run (1 + this) times as long as one alone. Measured exactly so. */
  readonly parallelSlowdown: number;
  /** Fraction by which CPU work slows further while more fibers want a core than there are
   * cores: the OS time-slices them, and each switch costs caches. Measured: twice as many
   * CPU-bound processes as cores, against what `parallelSlowdown` predicts for them. */
  readonly oversubscribedSlowdown: number;
  /** Ticks from `Process.start()` (fork) to the child's first instruction of `run()`.
   * Measured: the child reports `time.monotonic()` on its first line. */
  readonly processStartFork: number;
  /** CPU ticks the parent spends inside `fork()` (copying page tables), ~3 ms for a
   * 10 MiB interpreter. Measured: the duration of `Process.start()` in the parent. */
  readonly forkParent: number;
  /** Ticks to start a process with `spawn`: a fresh interpreter plus imports, ~30–60 ms. */
  readonly processStartSpawn: number;
  /** CPU ticks from a child's `run()` returning to its exit being visible to `join()`:
   * `atexit`, interpreter finalisation and the `wait()`. Measured: end of run() to join(). */
  readonly processExit: number;
  /** CPU ticks in the caller at a ProcessPoolExecutor's first submit (queues, the manager
   * thread, feeder thread) beyond starting the workers. Measured with `poolShutdown` from
   * `with ProcessPoolExecutor(n): submit(noop)` for n = 1..4, less the per-worker costs;
   * the fixed part is split evenly between the two. */
  readonly poolStartup: number;
  /** CPU ticks in the caller at a ProcessPoolExecutor's shutdown, beyond the workers' exit. */
  readonly poolShutdown: number;
  /** Fixed ticks per message crossing between processes (pipe write, wake-up, read): ~20 µs. */
  readonly ipcMessage: number;
  /** Nanoseconds per pickled byte of flat data (bytes, str), each way. Measured:
   * `pickle.dumps`+`loads` of 1 MB of bytes. */
  readonly pickleNsPerByte: number;
  /** Nanoseconds per pickled object (an int, a float, each container and element), each
   * way, on top of its bytes. Measured: `pickle.dumps`+`loads` of `list(range(100_000))`. */
  readonly pickleNsPerObject: number;
  /** Resident bytes of one OS thread's stack as touched by CPython (~64 KiB of an 8 MiB map). */
  readonly threadStackBytes: number;
  /** Resident bytes of one process: a CPython interpreter is ~10 MiB RSS. */
  readonly processBytes: number;
  /** Resident bytes of one greenlet: the Greenlet object and the slice of C stack it saves
   * when switched out, a few KiB for a handler suspended in a socket call (greenlet copies
   * only the used part of the stack), against a thread's `threadStackBytes`. */
  readonly greenletBytes: number;
  /** Resident bytes of one asyncio Task: the Task, its coroutine and frames, ~1–2 KiB. */
  readonly taskBytes: number;
  /** Resident bytes of one open TCP socket, not counting queued data: Linux's `tcp_sock`
   * slab object (~2.3 KiB) plus its file, inode and dentry and CPython's socket object.
   * Bytes queued in its send and receive buffers are counted on top, as they are allocated. */
  readonly socketBytes: number;
  /** CPU ticks of a socket call not listed below, and of any call that raises
   * BlockingIOError: a syscall plus CPython's call overhead. Measured: a non-blocking
   * `recv` on an empty socket, N times. */
  readonly socketCall: number;
  /** CPU ticks of `socket.socket()`: socket.py's `__init__` and the socket() system call.
   * Measured: the `socket()` before each connect of `socketConnect`'s loop. */
  readonly socketOpen: number;
  /** CPU ticks of a blocking `connect` on loopback, handshake included (client side).
   * Measured: `connect()` of a new socket to a listener with a deep backlog, N times. */
  readonly socketConnect: number;
  /** CPU ticks of an `accept` that finds a connection waiting. Measured: the server side
   * of the same loop. */
  readonly socketAccept: number;
  /** CPU ticks of a `send` of a small message. Measured: ping-pong over a socketpair. */
  readonly socketSend: number;
  /** CPU ticks of a `recv` that finds data. Measured with `socketSend`. */
  readonly socketRecv: number;
  /** CPU ticks of `socket.getaddrinfo` of a numeric IPv4 address, as `create_connection`
   * calls it first. Measured: `getaddrinfo('127.0.0.1', port, 0, SOCK_STREAM)`, N times, after
   * a first call (which imports the IDNA codec: `codecImport`). */
  readonly getaddrinfo: number;
  /** CPU ticks of Python in the IDNA codec's import, the first time a process encodes a host
   * name (models/net/idna.ts), its file system calls apart. Measured: the first `getaddrinfo`
   * of a fresh process less a later one's, less IDNA_IMPORT_CALLS (29) × `fileCall`. */
  readonly codecImport: number;
  /** CPU ticks of a file system call on a file in the page cache (stat, open, read, close), the
   * GIL released. Measured: `os.stat` of a module's source, N times. */
  readonly fileCall: number;
  /** CPU ticks of `close()` of a connected socket. Measured: N connected sockets closed. */
  readonly socketClose: number;
  /** CPU ticks of a socket call that changes a setting rather than moving data: the
   * ioctl(FIONBIO) of `settimeout`/`setblocking`, and `shutdown`. Measured: `setblocking`,
   * alternately on and off, N times. */
  readonly socketControl: number;
  /** CPU ticks of an `epoll.register`, `modify` or `unregister` (one `epoll_ctl`). Measured:
   * register and unregister of a socket, N times, per call. */
  readonly epollCtl: number;
  /** CPU ticks of a set-up call: a socket's `bind` and `listen`, `select.epoll()` and its
   * `close()`. Measured: N sockets bound and listening, N epolls made and closed, per call. */
  readonly socketSetup: number;
  /** CPU ticks of one `select`/`poll`/`epoll.poll` call, before its per-fd cost. Measured:
   * `epoll.poll(0)` with one ready fd, N times. */
  readonly pollCall: number;
  /** CPU nanoseconds per file descriptor a `select.select` call passes in, or a poll
   * returns: building fd_sets and result lists in CPython. Measured: select over 1 and 500
   * ready sockets. */
  readonly pollNsPerFd: number;
  /** Ticks a TCP receiver delays its ACK when it has nothing to send back (Linux's delayed
   * ACK, 40 ms minimum). With Nagle's algorithm (on unless TCP_NODELAY), a sender holds a
   * segment smaller than the MSS while an earlier small one is unacknowledged; 0 turns the
   * effect off. Measured: write-write-read over loopback with and without TCP_NODELAY. */
  readonly delayedAck: number;
  /** CPU ticks of a switch into a greenlet (gevent `hub.switch` and back). Measured: two
   * greenlets `sleep(0)`-ing in turn, per switch. */
  readonly greenletSwitch: number;
  /** CPU ticks of one gevent hub loop iteration (libev's `ev_run` with a poll). Measured
   * with `greenletSwitch`, the rest of a `sleep(0)` round trip. */
  readonly hubIteration: number;
  /** CPU ticks per callback the asyncio-style event loop runs (Handle._run, Task.__step):
   * asyncio's own overhead. Measured: `call_soon` chains, per callback. */
  readonly loopCallback: number;
  /** CPU ticks of asyncio's Python around a socket transport's read that delivers data, or
   * its write: the transport, the protocol and, with streams, the StreamReader and the
   * waiting task's wake-up — beyond the socket call and the loop's callbacks. Measured: an
   * asyncio streams echo round trip on loopback within one loop, less the socket calls, four
   * `loopCallback`s and two loop iterations with their polls, per read or write. */
  readonly streamCall: number;
  /** CPU ticks of one event-loop iteration (`_run_once` with its selector poll). Measured:
   * `await asyncio.sleep(0)` round trips, less a callback. */
  readonly loopIteration: number;
  /** Nanoseconds of one simple Python statement (`x = x + 1`-sized bytecode) for the
   * Python-level work a scenario declares between blocking calls (`interp(n)`). Measured:
   * a loop of such statements. */
  readonly pyStatementNs: number;
  /** One-way latency of a host's loopback, in ticks, beyond the send call and the receiver's
   * wake-up. Calibrated 0: Linux delivers a loopback segment within the `send` call (the
   * receive path runs in the sender's softirq): a blocked receiver waits for its wake-up
   * (`contextSwitch`) alone. */
  readonly loopbackLatency: number;
  /** Loopback bandwidth in bytes/second (a memory copy, ~5 GB/s); 0 means unlimited. */
  readonly loopbackBandwidth: number;
  /** One-way latency of a link between two hosts, in ticks: ~100 µs on a LAN. */
  readonly linkLatency: number;
  /** Bandwidth of a link between two hosts in bytes/second: 1 Gbit/s; 0 means unlimited. */
  readonly linkBandwidth: number;
}

/** Units of the constants, for reports: ticks are microseconds. */
export function costUnitOf(key: string): string {
  if (key.endsWith('Bytes')) return 'bytes';
  if (key.endsWith('Bandwidth')) return 'bytes/s';
  if (key.endsWith('Ns') || key.includes('NsPer')) return 'ns';
  if (key.endsWith('Slowdown') || key.endsWith('Jitter')) return 'ratio';
  if (key.endsWith('Cores')) return 'cores';
  return 'µs';
}

/**
 * The kernel's default: idealised costs, as before calibration — no thread, GIL, wake-up or
 * Nagle costs and microsecond socket calls — so that a bare kernel (the models' unit tests, a
 * hand-built `Kernel`) keeps the textbook timings of Python's docs (a Timer fires at start +
 * interval exactly). Runs through the runner (`run`, `check`, the CLI, reports) use the
 * calibrated built-in profile, `CALIBRATED_COSTS`, unless given another.
 */
export const DEFAULT_COSTS: CostModel = {
  threadStart: 0,
  threadBootstrap: 0,
  threadJoin: 0,
  threadExit: 0,
  lockNs: 0,
  gilHandoff: 0,
  contextSwitch: 0,
  wakeIdle: 0,
  wakeIdleAfter: 200,
  wakeLatency: 0,
  switchCost: 0,
  coldResume: 0,
  coldAfter: 1,
  firstResume: 0,
  timeSlice: 750,
  schedTick: 4000,
  llcCores: 64,
  osJitter: 0,
  wakeSignal: 0,
  wakeSignalIdle: 0,
  parallelSlowdown: 0,
  oversubscribedSlowdown: 0,
  processStartFork: 2_000,
  forkParent: 0,
  processStartSpawn: 50_000,
  processExit: 0,
  poolStartup: 0,
  poolShutdown: 0,
  ipcMessage: 20,
  pickleNsPerByte: 5,
  pickleNsPerObject: 0,
  threadStackBytes: 65_536,
  processBytes: 10_485_760,
  greenletBytes: 8_192,
  taskBytes: 2_048,
  socketBytes: 3_584,
  socketCall: 1,
  socketConnect: 1,
  socketAccept: 1,
  socketSend: 1,
  socketRecv: 1,
  socketClose: 0,
  socketOpen: 0,
  socketControl: 0,
  epollCtl: 0,
  socketSetup: 0,
  getaddrinfo: 0,
  codecImport: 0,
  fileCall: 0,
  pollCall: 1,
  pollNsPerFd: 100,
  delayedAck: 0,
  greenletSwitch: 0,
  hubIteration: 0,
  loopCallback: 3,
  streamCall: 0,
  loopIteration: 0,
  pyStatementNs: 0,
  loopbackLatency: 10,
  loopbackBandwidth: 5_000_000_000,
  linkLatency: 100,
  linkBandwidth: 125_000_000,
};

/** The costs before calibration, by that name (for reports that compare). */
export const UNCALIBRATED_COSTS: CostModel = DEFAULT_COSTS;

/**
 * The calibrated built-in profile (reports/calibrate/default-profile.json), as
 * `concsim calibrate --repeats 9` measured it on Linux 6.18.44-fc-v1272, 2 × AMD EPYC (KVM, one
 * 32 MiB L3 shared by both cores), 23.5 GiB, with Python 3.11.7 and gevent 22.10.2, 2026-12-08
 * 04:29–04:32 UTC, nothing else running (load average 0.62 before), an hour after the fidelity
 * report's real runs (reports/calibrate/fidelity.real.json). Nine repeats, as several benchmarks'
 * runs fall in two groups here and five let a median land in the rarer one. Until 2026-12-08 the
 * profile came from a machine of the same name under PVM (no cache topology; fork 7 times and
 * a thread's exit 2.5 times as dear): MEASUREMENTS-2026-12-07.md, session 11. Constants no
 * benchmark measures keep their uncalibrated values, measured on that machine. A test checks
 * that the two stay equal.
 */
export const CALIBRATED_COSTS: CostModel = {
  threadStart: 87.44,
  threadBootstrap: 89.78,
  threadJoin: 2.229,
  threadExit: 61.59,
  lockNs: 100.8,
  gilHandoff: 400.7,
  contextSwitch: 29.77,
  wakeIdle: 43.14,
  wakeIdleAfter: 300,
  wakeLatency: 2.5,
  switchCost: 5,
  coldResume: 2.24,
  coldAfter: 35_397,
  firstResume: 0,
  timeSlice: 750,
  schedTick: 4000,
  llcCores: 2,
  osJitter: 0.2,
  wakeSignal: 7.845,
  wakeSignalIdle: 8.576,
  parallelSlowdown: 0.07748,
  oversubscribedSlowdown: 0,
  processStartFork: 1666,
  forkParent: 613,
  processStartSpawn: 50_000,
  processExit: 656.2,
  poolStartup: 1260,
  poolShutdown: 1260,
  ipcMessage: 33.93,
  pickleNsPerByte: 0.3477,
  pickleNsPerObject: 21.73,
  threadStackBytes: 65_536,
  processBytes: 10_485_760,
  greenletBytes: 8192,
  taskBytes: 2048,
  socketBytes: 3584,
  socketCall: 1.499,
  socketConnect: 18.28,
  socketAccept: 9.821,
  socketSend: 4.708,
  socketRecv: 4.414,
  socketClose: 10.35,
  socketOpen: 5.404,
  socketControl: 0.4791,
  epollCtl: 1.161,
  socketSetup: 1.547,
  getaddrinfo: 3.434,
  codecImport: 1582,
  fileCall: 2.635,
  pollCall: 0.8215,
  pollNsPerFd: 131.9,
  delayedAck: 43_976,
  greenletSwitch: 0.2372,
  hubIteration: 1.603,
  loopCallback: 2.492,
  streamCall: 16.79,
  loopIteration: 0.6101,
  pyStatementNs: 35.12,
  loopbackLatency: 0,
  loopbackBandwidth: 5_000_000_000,
  linkLatency: 100,
  linkBandwidth: 125_000_000,
};

/** Validates a (partial) cost profile, e.g. parsed from JSON; throws a one-line error. */
export function parseCosts(value: unknown): CostModel {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('a cost profile must be a JSON object of numbers');
  }
  const out: Record<string, number> = { ...DEFAULT_COSTS };
  for (const [k, v] of Object.entries(value)) {
    if (!(k in DEFAULT_COSTS)) {
      throw new Error(`unknown cost '${k}': accepted are ${Object.keys(DEFAULT_COSTS).join(', ')}`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new Error(`cost '${k}' must be a non-negative number, not ${JSON.stringify(v)}`);
    }
    out[k] = v;
  }
  return out as unknown as CostModel;
}

/**
 * CPU nanoseconds charged per eval-breaker check of Python code run by the front end
 * (python/: a check at each function entry, loop back edge and return from a call, so one
 * per iteration of a simple loop). 100 ns: CPython 3.11 runs a pystone-like loop here at
 * about 0.7 µs an iteration with six or so checks in it; a tight arithmetic loop, with one,
 * at 0.4 µs — so this errs on the cheap side for arithmetic-heavy code.
 */
export const PYTHON_CHECK_NS = 100;
