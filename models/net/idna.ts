/**
 * The IDNA encoding of a host name, as CPython 3.11's `socket.getaddrinfo` makes it (any str
 * host, numeric ones too, so every `socket.create_connection`): a lookup of the "idna" codec,
 * which, the first time in a process, imports encodings.idna, and with it stringprep and
 * unicodedata — `codecImport` of Python and IDNA_IMPORT_CALLS file system calls (`fileCall`
 * each, the GIL released for each), all under the module's import lock. Every other thread of
 * the process that encodes a host meanwhile waits on that lock, and once the import is done
 * they take it in turn (importlib's _ModuleLock wakes one waiter a release). A forked child
 * has the codec if its parent had it at the fork; a spawned process imports it again.
 *
 * On the machine the first `getaddrinfo` of a process costs 1.98 ms against 13 µs for the next
 * (`python3 -X importtime`: 1.9 ms of imports); under a client load of 100 threads its import
 * lock kept threads waiting up to 50 ms (MEASUREMENTS-2026-12-07.md, session 9).
 *
 * Differences: the import's work is spread evenly between its system calls; the global
 * import lock (`_imp`), held briefly around the module lock's creation, is left out; a child
 * forked while another thread imports imports the codec again, where CPython's would find the
 * module lock held forever (nothing in the built-in scenarios forks then).
 */
import {
  type Blocking,
  computeTicks,
  type Kernel,
  kernel,
  RunLocal,
  type SimProcess,
  syscallTicks,
} from '../../engine/index.ts';
import { FORKS } from '../fork.ts';
import { Lock } from '../threading/lock.ts';

/** File system calls of the import on CPython 3.11.7 here (strace: stat, open, read, lseek, close; dlopen's own excluded). */
export const IDNA_IMPORT_CALLS = 29;

interface CodecState {
  /** Held by the importing thread while it imports; null before the first use. */
  lock: Lock | null;
  done: boolean;
  /** How many forks the run had made when the import was done. */
  doneAtFork: number;
}

const STATES = new RunLocal<Map<SimProcess, CodecState>>(() => new Map());

/** The process's codec state: a forked child's starts as its parent's was at the fork. */
function stateOf(k: Kernel, p: SimProcess): CodecState {
  const states = k.local(STATES);
  let s = states.get(p);
  if (s !== undefined) return s;
  const forks = k.local(FORKS);
  const i = forks.findIndex((f) => f.child === p);
  const fork = forks[i];
  const parent = fork === undefined ? undefined : stateOf(k, fork.parent);
  const inherited = parent?.done === true && parent.doneAtFork <= i;
  s = { lock: null, done: inherited, doneAtFork: inherited ? 0 : -1 };
  states.set(p, s);
  return s;
}

/** The running thread encodes a host name with the "idna" codec: the codec's first use in its process imports it. */
export function* encodeHost(): Blocking {
  const k = kernel('socket.getaddrinfo()');
  const c = k.costs;
  const f = k.current;
  // With no cost the import is instant and no other thread can see it under way.
  if (f === null || (c.codecImport <= 0 && c.fileCall <= 0)) return;
  const s = stateOf(k, f.process);
  if (s.done) return;
  if (s.lock === null) {
    const lock = new Lock({ name: 'encodings.idna import' });
    s.lock = lock;
    yield* lock.acquire();
    const python = c.codecImport / IDNA_IMPORT_CALLS;
    for (let i = 0; i < IDNA_IMPORT_CALLS; i++) {
      if (python > 0) yield* computeTicks(python);
      if (c.fileCall > 0) yield* syscallTicks(c.fileCall);
    }
    s.done = true;
    s.doneAtFork = k.local(FORKS).length;
    lock.release();
    return;
  }
  yield* s.lock.acquire();
  s.lock.release();
}
