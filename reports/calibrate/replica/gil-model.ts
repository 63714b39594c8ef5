/**
 * A standalone discrete-event model of gil_replica.c, at nanosecond resolution: CPython 3.11's
 * `take_gil`/`drop_gil` built on a glibc-like mutex and condition variable over futexes, run by an
 * OS scheduler with per-core run queues, virtual runtimes with sleep lag (EEVDF's placement), the
 * woken thread queued on its waker's core, and wake-up preemption. It drives the replica's workload
 * (`work` ns of Python under the GIL, then a send and a recv without it) and prints what the
 * replica prints, a round at a time. A research tool, not part of the engine: it found which parts
 * of the OS make the convoy (MEASUREMENTS-2026-12-07.md, session 5), so that the engine can model
 * those and no more.
 *
 * Usage: npx tsx reports/calibrate/replica/gil-model.ts THREADS [CALLS] [key=value ...], with keys
 * those of `DEFAULTS` (e.g. `cores=1`, `signalOutside=1`, `preempt=0`, `quantum=1000`).
 */

const DEFAULTS = {
  cores: 2,
  /** ns of Python under the GIL between two calls (the replica's WORK_NS). */
  work: 1000,
  /** ns of the send and of the recv system calls, without the GIL. */
  send: 3200,
  recv: 2400,
  /** Each duration is drawn uniformly within ± this fraction (caches, interrupts). */
  jitter: 0.2,
  /** ns a futex_wake that wakes a thread takes its caller (futex_wake.c: 4.4–7 µs). */
  wakeCost: 5000,
  /** ns from a futex_wake's start to the woken thread being runnable (futex_wake.c: 2.4–4 µs). */
  wakeLatency: 2500,
  /** ns of a futex_wake that finds nobody asleep. */
  noWake: 100,
  /** ns a thread spends in futex_wait before its core is free for another. */
  waitEntry: 2000,
  /** ns the scheduler's switch into a thread costs on its core. */
  switchIn: 3500,
  /** ns of an atomic operation on the mutex's word. */
  atomic: 20,
  /** ns of a time slice (this kernel's base slice, 0.75 ms × 2 cores). */
  slice: 1_500_000,
  /** A woken thread preempts the one running on its core if its virtual runtime is lower by more than this (ns). */
  granularity: 0,
  /** 1: wake-up preemption (Linux's), 0: none. */
  preempt: 1,
  /** 1: drop_gil signals after unlocking the GIL's mutex (the replica's SIGNAL_OUTSIDE). */
  signalOutside: 0,
  /** Durations rounded to this many ns (1000: the engine's tick), 0: not rounded. */
  quantum: 0,
  seed: 1,
};
type Params = typeof DEFAULTS;

interface Futex {
  sleepers: Thread[];
}
interface Mutex {
  /** glibc's lowlevellock: 0 free, 1 taken, 2 taken with sleepers possible. */
  state: 0 | 1 | 2;
  futex: Futex;
}
interface CondVar {
  waiters: Thread[];
  futex: Futex;
}
type Action = { run: number } | { sleep: Futex } | { wake: Futex; target?: Thread };

interface Thread {
  id: number;
  code: Generator<Action, void, void>;
  state: 'ready' | 'run' | 'sleep' | 'done';
  core: number;
  /** Virtual runtime and, while asleep, its lag behind the average (EEVDF keeps it over a sleep). */
  vruntime: number;
  lag: number;
  /** ns left of the `run` action in progress (0: none). */
  left: number;
  /** A scheduler switch into this thread, paid before it goes on. */
  switchDue: number;
  runStart: number;
  sliceEnd: number;
  /** Bumped to cancel the thread's pending end-of-run event. */
  token: number;
  /** In futex_wait's entry: asleep when it ends, unless woken meanwhile. */
  entering: boolean;
  wokenEarly: boolean;
  signalled: boolean;
}

interface Core {
  current: Thread | null;
  queue: Thread[];
  busy: number;
}

function simulate(threadCount: number, calls: number, p: Params) {
  let seed = p.seed >>> 0 || 1;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const draw = (ns: number): number => {
    if (ns === 0) return 0;
    const v = ns * (1 + p.jitter * (2 * random() - 1));
    return p.quantum > 0 ? Math.max(p.quantum, Math.round(v / p.quantum) * p.quantum) : Math.max(1, Math.round(v));
  };

  // The event queue: (time, sequence), a binary heap.
  type Ev = { t: number; seq: number; fn: () => void };
  const heap: Ev[] = [];
  let seq = 0;
  let now = 0;
  const before = (a: Ev, b: Ev) => a.t < b.t || (a.t === b.t && a.seq < b.seq);
  const at = (t: number, fn: () => void) => {
    heap.push({ t, seq: seq++, fn });
    for (let i = heap.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!before(heap[i] as Ev, heap[up] as Ev)) break;
      [heap[i], heap[up]] = [heap[up] as Ev, heap[i] as Ev];
      i = up;
    }
  };
  const next = (): Ev => {
    const top = heap[0] as Ev;
    const last = heap.pop() as Ev;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < heap.length && before(heap[l] as Ev, heap[m] as Ev)) m = l;
        if (l + 1 < heap.length && before(heap[l + 1] as Ev, heap[m] as Ev)) m = l + 1;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m] as Ev, heap[i] as Ev];
        i = m;
      }
    }
    return top;
  };

  const cores: Core[] = Array.from({ length: p.cores }, () => ({ current: null, queue: [], busy: 0 }));
  const count = { voluntary: 0, involuntary: 0, wakes: 0, takes: 0, takeLocked: 0, condWaits: 0, mutexSleeps: 0 };
  let releases = 0;
  let handOvers = 0;
  let lastHolder = -1;
  let finished = 0;
  let end = 0;

  // ---- the OS ----
  const averageVruntime = (): number => {
    let sum = 0;
    let n = 0;
    for (const c of cores) {
      for (const t of c.current ? [c.current, ...c.queue] : c.queue) {
        sum += t.vruntime;
        n++;
      }
    }
    return n > 0 ? sum / n : 0;
  };
  const takeLowest = (c: Core): Thread => {
    let best = 0;
    for (let i = 1; i < c.queue.length; i++)
      if ((c.queue[i] as Thread).vruntime < (c.queue[best] as Thread).vruntime) best = i;
    return c.queue.splice(best, 1)[0] as Thread;
  };
  const switchTo = (t: Thread, c: number) => {
    const core = cores[c] as Core;
    core.current = t;
    t.core = c;
    t.state = 'run';
    t.sliceEnd = now + p.slice;
    t.switchDue = draw(p.switchIn);
    resume(t);
  };
  /** Core `c` is free: its queue's lowest virtual runtime, or one stolen from another core (new-idle balancing). */
  const pickNext = (c: number) => {
    const core = cores[c] as Core;
    let from: Core | null = core.queue.length > 0 ? core : null;
    for (const o of cores) if (from === null && o.queue.length > 0) from = o;
    if (from === null) core.current = null;
    else switchTo(takeLowest(from), c);
  };
  const stopRun = (t: Thread) => {
    const used = now - t.runStart;
    t.left -= used;
    account(t, used);
    t.token++;
  };
  const account = (t: Thread, used: number) => {
    t.vruntime += used;
    (cores[t.core] as Core).busy += used;
  };
  const wakeUp = (t: Thread, waker: Thread | null) => {
    if (t.state !== 'sleep') {
      t.wokenEarly = true; // still entering futex_wait: it will not sleep
      return;
    }
    t.vruntime = Math.max(t.vruntime, averageVruntime() - Math.min(t.lag, p.slice));
    const idle = cores[t.core]?.current === null ? t.core : cores.findIndex((c) => c.current === null);
    if (idle >= 0) {
      switchTo(t, idle);
      return;
    }
    const target = waker === null ? t.core : waker.core;
    const core = cores[target] as Core;
    const running = core.current as Thread;
    if (p.preempt && t.vruntime + p.granularity < running.vruntime) {
      if (running.left > 0) stopRun(running);
      running.state = 'ready';
      core.queue.push(running);
      count.involuntary++;
      switchTo(t, target);
      return;
    }
    t.state = 'ready';
    t.core = target;
    core.queue.push(t);
  };

  // ---- a thread on its core ----
  const resume = (t: Thread) => {
    const due = t.switchDue;
    t.switchDue = 0;
    if (t.left > 0 || due > 0) {
      t.left += due;
      startRun(t);
    } else step(t);
  };
  const startRun = (t: Thread) => {
    t.runStart = now;
    const token = ++t.token;
    const until = Math.min(now + t.left, Math.max(now + 1, t.sliceEnd));
    at(until, () => {
      if (t.token !== token) return;
      stopRun(t);
      const core = cores[t.core] as Core;
      if (t.left > 0) {
        // The slice is over.
        if (core.queue.length > 0) {
          count.involuntary++;
          t.state = 'ready';
          core.queue.push(t);
          pickNext(t.core);
        } else {
          t.sliceEnd = now + p.slice;
          startRun(t);
        }
        return;
      }
      t.left = 0;
      if (t.entering) {
        t.entering = false;
        if (t.wokenEarly) t.wokenEarly = false;
        else {
          t.state = 'sleep';
          count.voluntary++;
          t.lag = averageVruntime() - t.vruntime;
          pickNext(t.core);
          return;
        }
      }
      step(t);
    });
  };
  const step = (t: Thread) => {
    const r = t.code.next();
    if (r.done) {
      t.state = 'done';
      if (++finished === threadCount) end = now;
      pickNext(t.core);
      return;
    }
    const a = r.value;
    if ('run' in a) {
      t.left = draw(a.run);
      if (t.left === 0) step(t);
      else startRun(t);
    } else if ('sleep' in a) {
      a.sleep.sleepers.push(t);
      t.entering = true;
      t.wokenEarly = false;
      t.left = draw(p.waitEntry);
      startRun(t);
    } else {
      const s = a.wake.sleepers;
      const i = a.target === undefined ? (s.length > 0 ? 0 : -1) : s.indexOf(a.target);
      const woken = i >= 0 ? (s.splice(i, 1)[0] as Thread) : null;
      if (woken !== null) {
        count.wakes++;
        if (woken.state === 'sleep') at(now + draw(p.wakeLatency), () => wakeUp(woken, t));
        else woken.wokenEarly = true;
      }
      t.left = draw(woken !== null ? p.wakeCost : p.noWake);
      startRun(t);
    }
  };

  // ---- glibc's mutex and condition variable, CPython's GIL ----
  const mutex: Mutex = { state: 0, futex: { sleepers: [] } };
  const cond: CondVar = { waiters: [], futex: { sleepers: [] } };
  let locked = false;
  function* lock(m: Mutex, alwaysContended = false): Generator<Action, void, void> {
    yield { run: p.atomic };
    if (!alwaysContended && m.state === 0) {
      m.state = 1;
      return;
    }
    for (;;) {
      const old = m.state;
      m.state = 2;
      if (old === 0) return;
      count.mutexSleeps++;
      yield { sleep: m.futex };
    }
  }
  function* unlock(m: Mutex): Generator<Action, void, void> {
    const old = m.state;
    m.state = 0;
    yield old === 2 ? { wake: m.futex } : { run: p.atomic };
  }
  function* wait(t: Thread, c: CondVar, m: Mutex): Generator<Action, void, void> {
    c.waiters.push(t);
    t.signalled = false;
    yield* unlock(m);
    while (!t.signalled) yield { sleep: c.futex };
    yield* lock(m, true); // glibc re-locks as contended (__pthread_mutex_cond_lock)
  }
  function* signal(c: CondVar): Generator<Action, void, void> {
    const w = c.waiters.shift();
    if (w === undefined) {
      yield { run: p.atomic };
      return;
    }
    w.signalled = true;
    yield { wake: c.futex, target: w };
  }
  function* takeGil(t: Thread): Generator<Action, void, void> {
    yield* lock(mutex);
    count.takes++;
    if (locked) count.takeLocked++;
    while (locked) {
      count.condWaits++;
      yield* wait(t, cond, mutex);
    }
    locked = true;
    if (lastHolder !== t.id) handOvers++;
    lastHolder = t.id;
    yield* unlock(mutex);
  }
  function* dropGil(): Generator<Action, void, void> {
    releases++;
    yield* lock(mutex);
    locked = false;
    if (!p.signalOutside) yield* signal(cond);
    yield* unlock(mutex);
    if (p.signalOutside) yield* signal(cond);
  }
  const rounds = Math.floor(calls / threadCount);
  function* code(t: Thread): Generator<Action, void, void> {
    yield* takeGil(t);
    for (let i = 0; i < rounds; i++) {
      yield { run: p.work };
      yield* dropGil();
      yield { run: p.send };
      yield* takeGil(t);
      yield { run: p.work };
      yield* dropGil();
      yield { run: p.recv };
      yield* takeGil(t);
    }
    yield* dropGil();
  }

  for (let id = 0; id < threadCount; id++) {
    const t: Thread = {
      id,
      code: undefined as unknown as Thread['code'],
      state: 'sleep',
      core: id % p.cores,
      vruntime: 0,
      lag: 0,
      left: 0,
      switchDue: 0,
      runStart: 0,
      sliceEnd: 0,
      token: 0,
      entering: false,
      wokenEarly: false,
      signalled: false,
    };
    t.code = code(t);
    // The replica's threads poll their go flag every 100 µs.
    at(Math.floor(random() * 100_000), () => wakeUp(t, null));
  }
  while (heap.length > 0) {
    const e = next();
    now = e.t;
    e.fn();
  }
  const n = rounds * threadCount;
  const cpu = cores.reduce((a, c) => a + c.busy, 0);
  return {
    wallUs: end / n / 1000,
    cpuUs: cpu / n / 1000,
    voluntary: count.voluntary / n,
    involuntary: count.involuntary / n,
    wakes: count.wakes / n,
    takeLocked: count.takeLocked / n,
    condWaits: count.condWaits / n,
    mutexSleeps: count.mutexSleeps / n,
    handOver: handOvers / releases,
  };
}

const [threads, calls, ...pairs] = process.argv.slice(2);
const params: Params = { ...DEFAULTS };
for (const kv of pairs) {
  const [k, v] = kv.split('=');
  if (k === undefined || !(k in DEFAULTS) || v === undefined || Number.isNaN(Number(v))) {
    console.error(`gil-model: ${kv}: expected key=number with a key of ${Object.keys(DEFAULTS).join(', ')}`);
    process.exit(2);
  }
  params[k as keyof Params] = Number(v);
}
const n = Number(threads);
if (!Number.isInteger(n) || n < 1) {
  console.error('usage: gil-model.ts THREADS [CALLS] [key=value ...]');
  process.exit(2);
}
const r = simulate(n, Number(calls ?? 20_000), params);
const f = (x: number) => x.toFixed(2);
console.log(
  `${n} wall ${r.wallUs.toFixed(1)} cpu ${r.cpuUs.toFixed(1)} vol ${f(r.voluntary)} invol ${f(r.involuntary)}` +
    ` wakes ${f(r.wakes)} take-locked ${f(r.takeLocked)} cond-waits ${f(r.condWaits)} mutex-sleeps ${f(r.mutexSleeps)}` +
    ` hand-over ${f(r.handOver)}`,
);
