/**
 * Small standard modules: `os` (getpid), `random` (seeded from the run: `random.seed(x)`
 * reseeds from x, so draws replay exactly but differ from CPython's Mersenne Twister),
 * `math`, `collections.deque`, `itertools` basics and `functools` (partial, reduce, wraps).
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, makeRng, type Rng } from '../../engine/index.ts';
import { getpid, getppid } from '../../models/multiprocessing/process.ts';
import { callG, callSync, lookup } from '../runtime/call.ts';
import { repr } from '../runtime/format.ts';
import { ArrayIter, items, iter, nextSync, PyGenerator, type PyIter, STOP, toArray } from '../runtime/iter.ts';
import { def } from '../runtime/methods.ts';
import { type AnyFn, PyDict, PyFloat, PyModule, PyObject, PyTuple } from '../runtime/objects.ts';
import { add, compare, eq, truth } from '../runtime/ops.ts';
import {
  indexError,
  isInstance,
  makeExc,
  StopIteration,
  typeError,
  typeName,
  typeOf,
  valueError,
} from '../runtime/types.ts';
import { func, mkType, registerModule } from './registry.ts';

registerModule('os', () => {
  const m = new PyModule('os');
  // The simulated process's pid (the main process is 1) and the simulated cores.
  func(m, 'getpid', () => getpid());
  func(m, 'getppid', () => getppid());
  func(m, 'cpu_count', () => kernel('os.cpu_count()').cpu.cores);
  m.d.sep = '/';
  m.d.linesep = '\n';
  m.d.name = 'posix';
  return m;
});

// ---- random -------------------------------------------------------------------------

const randomType = mkType('Random', 'random');
interface RandomObj {
  rng: Rng;
}
function seedRng(x: unknown): Rng {
  return makeRng(x === null || x === undefined ? 0 : repr(x), 'python.random.seed');
}
function num(x: unknown): number {
  return x instanceof PyFloat ? x.v : Number(x);
}
function randint(r: Rng, a: unknown, b: unknown): number {
  const lo = Number(a);
  const hi = Number(b);
  if (hi < lo) throw valueError(`empty range in randrange(${lo}, ${hi + 1})`);
  return lo + r.int(hi - lo + 1);
}
function randrange(r: Rng, a: unknown, b?: unknown, step?: unknown): number {
  let lo = 0;
  let hi = Number(a);
  if (b !== undefined && b !== null) {
    lo = Number(a);
    hi = Number(b);
  }
  const st = step === undefined ? 1 : Number(step);
  const n = Math.ceil((hi - lo) / st);
  if (n <= 0) throw valueError(`empty range for randrange() (${lo}, ${hi}, ${hi - lo})`);
  return lo + st * r.int(n);
}
function choice(r: Rng, seq: unknown): unknown {
  const a = items(seq);
  if (a.length === 0) throw indexError('Cannot choose from an empty sequence');
  return a[r.int(a.length)];
}
function shuffle(r: Rng, l: unknown[]): null {
  for (let i = l.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    const t = l[i];
    l[i] = l[j];
    l[j] = t;
  }
  return null;
}
function sample(r: Rng, pop: unknown, k: unknown): unknown[] {
  const a = toArray(pop);
  const n = Number(k);
  if (n > a.length || n < 0) throw valueError('Sample larger than population or is negative');
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + r.int(a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
    out.push(a[i]);
  }
  return out;
}
const RANDOM_FNS: Record<string, (r: Rng, ...a: unknown[]) => unknown> = {
  random: (r) => new PyFloat(r.next()),
  randint: (r, a, b) => randint(r, a, b),
  randrange: (r, a, b, c) => randrange(r, a, b, c),
  uniform: (r, a, b) => new PyFloat(r.uniform(num(a), num(b))),
  choice: (r, s) => choice(r, s),
  shuffle: (r, l) => shuffle(r, l as unknown[]),
  sample: (r, p, k) => sample(r, p, k),
  gauss: (r, mu, sigma) => {
    const u = 1 - r.next();
    const v = r.next();
    return new PyFloat(num(mu) + num(sigma) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  },
  expovariate: (r, l) => new PyFloat(-Math.log(1 - r.next()) / num(l)),
  getrandbits: (r, k) => {
    let v = 0n;
    for (let i = 0; i < Number(k); i++) v = (v << 1n) | BigInt(r.int(2));
    return v <= 9007199254740991n ? Number(v) : v;
  },
};
for (const [name, f] of Object.entries(RANDOM_FNS))
  def(randomType, name, (self: RandomObj, ...a: unknown[]) => f(self.rng, ...a));
def(randomType, 'seed', (self: RandomObj, x?: unknown) => {
  self.rng = seedRng(x);
  return null;
});
(randomType.dict.choices as AnyFn | undefined)?.call(null);
randomType.make = (_c, a) => {
  const o = { rng: seedRng(a[0]) } as RandomObj;
  Object.defineProperty(o, Symbol.for('pyType'), { value: randomType });
  return o;
};
function choices(r: Rng, pop: unknown, weights: unknown, k: unknown): unknown[] {
  const a = toArray(pop);
  const n = k === undefined || k === null ? 1 : Number(k);
  const w = weights === undefined || weights === null ? null : toArray(weights).map(num);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    if (w === null) out.push(a[r.int(a.length)]);
    else {
      const total = w.reduce((x, y) => x + y, 0);
      let x = r.next() * total;
      let j = 0;
      while (j < w.length - 1 && x >= (w[j] as number)) x -= w[j++] as number;
      out.push(a[j]);
    }
  }
  return out;
}

registerModule('random', (ctx) => {
  const m = new PyModule('random');
  const state = { rng: ctx.rng };
  for (const [name, f] of Object.entries(RANDOM_FNS)) func(m, name, (...a: unknown[]) => f(state.rng, ...a));
  func(m, 'seed', (x?: unknown) => {
    state.rng = seedRng(x);
    return null;
  });
  func(m, 'choices', (pop: unknown, weights?: unknown) => choices(state.rng, pop, weights, 1), {
    raw: (a, kw) => choices(state.rng, a[0], kw?.get('weights') ?? a[1], kw?.get('k') ?? 1),
  });
  m.d.Random = randomType;
  return m;
});

// ---- math -----------------------------------------------------------------------------

registerModule('math', () => {
  const m = new PyModule('math');
  const f1 = (name: string, f: (x: number) => number) =>
    func(m, name, (x: unknown) => {
      const v = f(num(x));
      if (Number.isNaN(v) && !Number.isNaN(num(x))) throw valueError('math domain error');
      return new PyFloat(v);
    });
  f1('sqrt', Math.sqrt);
  f1('exp', Math.exp);
  f1('sin', Math.sin);
  f1('cos', Math.cos);
  f1('tan', Math.tan);
  f1('atan', Math.atan);
  f1('fabs', Math.abs);
  func(m, 'log', (x: unknown, b?: unknown) => {
    const v = num(x);
    if (v <= 0) throw valueError('math domain error');
    return new PyFloat(b === undefined ? Math.log(v) : Math.log(v) / Math.log(num(b)));
  });
  f1('log2', Math.log2);
  f1('log10', Math.log10);
  func(m, 'floor', (x: unknown) => Math.floor(num(x)));
  func(m, 'ceil', (x: unknown) => Math.ceil(num(x)));
  func(m, 'trunc', (x: unknown) => Math.trunc(num(x)));
  func(
    m,
    'isclose',
    (a: unknown, b: unknown) => Math.abs(num(a) - num(b)) <= 1e-9 * Math.max(Math.abs(num(a)), Math.abs(num(b))),
  );
  func(m, 'isnan', (x: unknown) => Number.isNaN(num(x)));
  func(m, 'isinf', (x: unknown) => !Number.isFinite(num(x)) && !Number.isNaN(num(x)));
  func(m, 'gcd', (a: unknown, b: unknown) => {
    let x = Math.abs(Number(a));
    let y = Math.abs(Number(b));
    while (y) [x, y] = [y, x % y];
    return x;
  });
  func(m, 'factorial', (n: unknown) => {
    let r = 1n;
    for (let i = 2n; i <= BigInt(n as number); i++) r *= i;
    return r <= 9007199254740991n ? Number(r) : r;
  });
  func(m, 'pow', (a: unknown, b: unknown) => new PyFloat(num(a) ** num(b)));
  func(m, 'hypot', (a: unknown, b: unknown) => new PyFloat(Math.hypot(num(a), num(b))));
  m.d.pi = new PyFloat(Math.PI);
  m.d.e = new PyFloat(Math.E);
  m.d.inf = new PyFloat(Number.POSITIVE_INFINITY);
  m.d.nan = new PyFloat(Number.NaN);
  m.d.tau = new PyFloat(2 * Math.PI);
  return m;
});

// ---- collections.deque ------------------------------------------------------------------

export const dequeType = mkType('deque', 'collections');
export class PyDeque {
  a: unknown[] = [];
  constructor(public maxlen: number | null) {}
  push(x: unknown): void {
    this.a.push(x);
    if (this.maxlen !== null && this.a.length > this.maxlen) this.a.shift();
  }
  pushLeft(x: unknown): void {
    this.a.unshift(x);
    if (this.maxlen !== null && this.a.length > this.maxlen) this.a.pop();
  }
  $attr(name: string): unknown {
    if (name === 'maxlen') return this.maxlen;
    return undefined;
  }
}
Object.defineProperty(PyDeque.prototype, Symbol.for('pyType'), { value: dequeType });
dequeType.make = (_c, a, kw) => {
  const ml = a[1] ?? kw?.get('maxlen') ?? null;
  const d = new PyDeque(ml === null ? null : Number(ml));
  const init = a[0] ?? kw?.get('iterable');
  if (init !== undefined && init !== null) for (const x of toArray(init)) d.push(x);
  return d;
};
def(dequeType, 'append', (d: PyDeque, x: unknown) => {
  d.push(x);
  return null;
});
def(dequeType, 'appendleft', (d: PyDeque, x: unknown) => {
  d.pushLeft(x);
  return null;
});
def(dequeType, 'pop', (d: PyDeque) => {
  if (d.a.length === 0) throw indexError('pop from an empty deque');
  return d.a.pop();
});
def(dequeType, 'popleft', (d: PyDeque) => {
  if (d.a.length === 0) throw indexError('pop from an empty deque');
  return d.a.shift();
});
def(dequeType, 'extend', (d: PyDeque, x: unknown) => {
  for (const v of toArray(x)) d.push(v);
  return null;
});
def(dequeType, 'extendleft', (d: PyDeque, x: unknown) => {
  for (const v of toArray(x)) d.pushLeft(v);
  return null;
});
def(dequeType, 'rotate', (d: PyDeque, n?: unknown) => {
  const len = d.a.length;
  if (len === 0) return null;
  let k = (n === undefined ? 1 : Number(n)) % len;
  if (k < 0) k += len;
  d.a = [...d.a.slice(len - k), ...d.a.slice(0, len - k)];
  return null;
});
def(dequeType, 'clear', (d: PyDeque) => {
  d.a.length = 0;
  return null;
});
def(dequeType, 'count', (d: PyDeque, x: unknown) => d.a.filter((y) => eq(y, x)).length);
def(dequeType, 'remove', (d: PyDeque, x: unknown) => {
  const i = d.a.findIndex((y) => eq(y, x));
  if (i < 0) throw valueError(`${repr(x)} is not in deque`);
  d.a.splice(i, 1);
  return null;
});
def(dequeType, 'copy', (d: PyDeque) => {
  const c = new PyDeque(d.maxlen);
  c.a = d.a.slice();
  return c;
});
def(dequeType, 'insert', (d: PyDeque, i: unknown, x: unknown) => {
  if (d.maxlen !== null && d.a.length >= d.maxlen) throw indexError('deque already at its maximum size');
  let k = Number(i);
  if (k < 0) k = Math.max(0, k + d.a.length);
  d.a.splice(Math.min(k, d.a.length), 0, x);
  return null;
});
def(dequeType, 'index', (d: PyDeque, x: unknown) => {
  const i = d.a.findIndex((y) => eq(y, x));
  if (i < 0) throw valueError(`${repr(x)} is not in deque`);
  return i;
});
def(dequeType, '__add__', (d: PyDeque, o: unknown) => {
  if (!(o instanceof PyDeque)) throw typeError(`can only concatenate deque (not "${typeName(o)}") to deque`);
  const r = new PyDeque(d.maxlen);
  for (const x of [...d.a, ...o.a]) r.push(x);
  return r;
});
def(dequeType, '__mul__', (d: PyDeque, n: unknown) => {
  const r = new PyDeque(d.maxlen);
  for (let i = 0; i < Number(n); i++) for (const x of d.a) r.push(x);
  return r;
});
def(dequeType, '__len__', (d: PyDeque) => d.a.length);
def(dequeType, '__iter__', (d: PyDeque) => new ArrayIter(d.a));
def(dequeType, '__reversed__', (d: PyDeque) => new ArrayIter(d.a.slice().reverse()));
def(dequeType, '__contains__', (d: PyDeque, x: unknown) => d.a.some((y) => eq(y, x)));
def(dequeType, '__getitem__', (d: PyDeque, i: unknown) => {
  if (typeof i !== 'number' && typeof i !== 'bigint' && typeof i !== 'boolean') {
    throw typeError(`sequence index must be integer, not '${typeName(i)}'`);
  }
  let k = Number(i);
  if (k < 0) k += d.a.length;
  if (k < 0 || k >= d.a.length) throw indexError('deque index out of range');
  return d.a[k];
});
def(dequeType, '__setitem__', (d: PyDeque, i: unknown, v: unknown) => {
  let k = Number(i);
  if (k < 0) k += d.a.length;
  if (k < 0 || k >= d.a.length) throw indexError('deque index out of range');
  d.a[k] = v;
  return null;
});
def(dequeType, '__repr__', (d: PyDeque) => `deque(${repr(d.a)}${d.maxlen === null ? '' : `, maxlen=${d.maxlen}`})`);
def(dequeType, '__eq__', (d: PyDeque, o: unknown) => o instanceof PyDeque && eq(d.a, o.a));

const counterType = mkType('Counter', 'collections');
const defaultdictType = mkType('defaultdict', 'collections');
const orderedDictType = mkType('OrderedDict', 'collections');
registerModule('collections', () => {
  const m = new PyModule('collections');
  m.d.deque = dequeType;
  m.d.Counter = counterType;
  m.d.defaultdict = defaultdictType;
  m.d.OrderedDict = orderedDictType;
  return m;
});

// ---- itertools ----------------------------------------------------------------------

/** An iterator made from a JavaScript generator of Python values. */
class GenIter implements PyIter {
  constructor(readonly g: Iterator<unknown>) {}
  $n(): unknown {
    const r = this.g.next();
    return r.done ? STOP : r.value;
  }
}
const itertoolsIter = mkType('iterator', 'itertools');
Object.defineProperty(GenIter.prototype, Symbol.for('pyType'), { value: itertoolsIter });
def(itertoolsIter, '__iter__', (x: unknown) => x);
def(itertoolsIter, '__next__', (x: PyIter) => {
  const v = nextSync(x);
  if (v === STOP) throw makeExc(StopIteration, []);
  return v;
});
function* each(x: unknown): Blocking {
  const it = iter(x);
  for (let v = nextSync(it); v !== STOP; v = nextSync(it)) yield v;
}
function gi(g: Iterator<unknown>): GenIter {
  return new GenIter(g);
}
function* combos(pool: unknown[], r: number, repl: boolean, start = 0, acc: unknown[] = []): Generator<unknown> {
  if (acc.length === r) {
    yield new PyTuple(acc.slice());
    return;
  }
  for (let i = start; i < pool.length; i++) {
    acc.push(pool[i]);
    yield* combos(pool, r, repl, repl ? i : i + 1, acc);
    acc.pop();
  }
}
function* perms(pool: unknown[], r: number, used: boolean[] = [], acc: unknown[] = []): Generator<unknown> {
  if (acc.length === r) {
    yield new PyTuple(acc.slice());
    return;
  }
  for (let i = 0; i < pool.length; i++) {
    if (used[i]) continue;
    used[i] = true;
    acc.push(pool[i]);
    yield* perms(pool, r, used, acc);
    acc.pop();
    used[i] = false;
  }
}
function* product(pools: unknown[][], i = 0, acc: unknown[] = []): Generator<unknown> {
  if (i === pools.length) {
    yield new PyTuple(acc.slice());
    return;
  }
  for (const x of pools[i] as unknown[]) {
    acc.push(x);
    yield* product(pools, i + 1, acc);
    acc.pop();
  }
}

registerModule('itertools', () => {
  const m = new PyModule('itertools');
  func(m, 'count', (start?: unknown, step?: unknown) =>
    gi(
      (function* () {
        let v: unknown = start ?? 0;
        for (;;) {
          yield v;
          v = add(v, step ?? 1);
        }
      })(),
    ),
  );
  func(m, 'cycle', (x: unknown) =>
    gi(
      (function* () {
        const saved = toArray(x);
        if (saved.length === 0) return;
        for (;;) yield* saved;
      })(),
    ),
  );
  func(m, 'repeat', (x: unknown, n?: unknown) =>
    gi(
      (function* () {
        if (n === undefined) for (;;) yield x;
        for (let i = 0; i < Number(n); i++) yield x;
      })(),
    ),
  );
  func(m, 'islice', (x: unknown, a: unknown, b?: unknown, c?: unknown) => {
    let start = 0;
    let stop: number | null;
    let step = 1;
    if (b === undefined) stop = a === null ? null : Number(a);
    else {
      start = a === null ? 0 : Number(a);
      stop = b === null ? null : Number(b);
      step = c === undefined || c === null ? 1 : Number(c);
    }
    if (stop !== null && stop < 0) {
      throw valueError('Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
    }
    if (start < 0) {
      throw valueError('Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
    }
    if (step < 1) throw valueError('Step for islice() must be a positive integer or None.');
    const it = iter(x);
    return gi(
      (function* () {
        let i = 0;
        let next = start;
        for (;;) {
          if (stop !== null && next >= stop) return;
          const v = nextSync(it);
          if (v === STOP) return;
          if (i === next) {
            yield v;
            next += step;
          }
          i++;
        }
      })(),
    );
  });
  const chain = func(m, 'chain', (...xs: unknown[]) =>
    gi(
      (function* () {
        for (const x of xs) yield* each(x);
      })(),
    ),
  );
  (chain as unknown as { $attrs: unknown }).$attrs = null;
  m.d.chain_from_iterable = func(m, 'from_iterable', (xs: unknown) =>
    gi(
      (function* () {
        for (const x of each(xs)) yield* each(x);
      })(),
    ),
  );
  // `chain.from_iterable`: a function attribute on the builtin
  const fi = m.d.from_iterable;
  delete m.d.from_iterable;
  (chain as AnyFn & { from_iterable?: unknown }).from_iterable = fi;
  const accumulate = (x: unknown, f?: unknown, initial?: unknown) =>
    gi(
      (function* () {
        let acc: unknown = initial;
        let first = initial === undefined || initial === null;
        if (!first) yield acc;
        for (const v of each(x)) {
          acc = first ? v : f === undefined || f === null ? add(acc, v) : callSync(f, [acc, v]);
          first = false;
          yield acc;
        }
      })(),
    );
  func(m, 'accumulate', (x: unknown, f?: unknown) => accumulate(x, f), {
    raw: (a, kw) => accumulate(a[0], kw?.get('func') ?? a[1], kw?.get('initial')),
  });
  func(m, 'product', (...xs: unknown[]) => gi(product(xs.map((x) => toArray(x)))), {
    raw: (a, kw) => {
      const pools = a.map((x) => toArray(x));
      const rep = Number(kw?.get('repeat') ?? 1);
      const all: unknown[][] = [];
      for (let i = 0; i < rep; i++) all.push(...pools);
      return gi(product(all));
    },
  });
  func(m, 'permutations', (x: unknown, r?: unknown) => {
    const pool = toArray(x);
    return gi(perms(pool, r === undefined || r === null ? pool.length : Number(r)));
  });
  func(m, 'combinations', (x: unknown, r: unknown) => gi(combos(toArray(x), Number(r), false)));
  func(m, 'combinations_with_replacement', (x: unknown, r: unknown) => gi(combos(toArray(x), Number(r), true)));
  func(m, 'groupby', (x: unknown, key?: unknown) => groupby(x, key), { kw: ['iterable', 'key'] });
  const groupby = (x: unknown, key?: unknown) =>
    gi(
      (function* () {
        const vals = toArray(x);
        let i = 0;
        while (i < vals.length) {
          const k = key === undefined || key === null ? vals[i] : callSync(key, [vals[i]]);
          const group: unknown[] = [];
          while (i < vals.length) {
            const k2 = key === undefined || key === null ? vals[i] : callSync(key, [vals[i]]);
            if (!eq(k, k2)) break;
            group.push(vals[i++]);
          }
          yield new PyTuple([k, new ArrayIter(group)]);
        }
      })(),
    );
  func(m, 'takewhile', (f: unknown, x: unknown) =>
    gi(
      (function* () {
        for (const v of each(x)) {
          if (!truth(callSync(f, [v]))) return;
          yield v;
        }
      })(),
    ),
  );
  func(m, 'dropwhile', (f: unknown, x: unknown) =>
    gi(
      (function* () {
        let dropping = true;
        for (const v of each(x)) {
          if (dropping && truth(callSync(f, [v]))) continue;
          dropping = false;
          yield v;
        }
      })(),
    ),
  );
  func(m, 'filterfalse', (f: unknown, x: unknown) =>
    gi(
      (function* () {
        for (const v of each(x)) if (!truth(f === null ? v : callSync(f, [v]))) yield v;
      })(),
    ),
  );
  func(m, 'compress', (x: unknown, sel: unknown) =>
    gi(
      (function* () {
        const s = toArray(sel);
        let i = 0;
        for (const v of each(x)) if (i < s.length && truth(s[i++])) yield v;
      })(),
    ),
  );
  func(m, 'tee', (x: unknown, n?: unknown) => {
    const a = toArray(x);
    return new PyTuple(Array.from({ length: n === undefined ? 2 : Number(n) }, () => new ArrayIter(a)));
  });
  func(m, 'starmap', (f: unknown, x: unknown) =>
    gi(
      (function* () {
        for (const v of each(x)) yield callSync(f, toArray(v));
      })(),
    ),
  );
  func(m, 'zip_longest', (...xs: unknown[]) => zipLongest(xs, null), {
    raw: (a, kw) => zipLongest(a, kw?.get('fillvalue') ?? null),
  });
  func(m, 'pairwise', (x: unknown) =>
    gi(
      (function* () {
        const a = toArray(x);
        for (let i = 0; i + 1 < a.length; i++) yield new PyTuple([a[i], a[i + 1]]);
      })(),
    ),
  );
  return m;
});
function zipLongest(xs: unknown[], fill: unknown): GenIter {
  return gi(
    (function* () {
      const arrs = xs.map((x) => toArray(x));
      const n = Math.max(0, ...arrs.map((a) => a.length));
      for (let i = 0; i < n; i++) yield new PyTuple(arrs.map((a) => (i < a.length ? a[i] : fill)));
    })(),
  );
}

// ---- functools ------------------------------------------------------------------------

const partialType = mkType('partial', 'functools');
class Partial {
  constructor(
    readonly func: unknown,
    readonly args: unknown[],
    readonly kw: PyDict,
  ) {}
  $attr(name: string): unknown {
    if (name === 'func') return this.func;
    if (name === 'args') return new PyTuple(this.args);
    if (name === 'keywords') return this.kw;
    return undefined;
  }
}
Object.defineProperty(Partial.prototype, Symbol.for('pyType'), { value: partialType });
partialType.make = (_c, a, kw) => {
  if (a.length === 0) throw typeError('type partial takes at least one argument');
  let f = a[0];
  let args = a.slice(1);
  const d = new PyDict();
  if (f instanceof Partial) {
    args = [...f.args, ...args];
    for (const [h, e] of f.kw.m) d.m.set(h, [e[0], e[1]]);
    f = f.func;
  }
  if (kw !== null) for (const [k, v] of kw) d.m.set(k, [k, v]);
  return new Partial(f, args, d);
};
function* callPartial(
  p: Partial,
  args: unknown[],
  kwn: readonly string[] | null,
  kwv: unknown[] | null,
): Blocking<unknown> {
  const names: string[] = [];
  const vals: unknown[] = [];
  for (const [k, v] of p.kw.m.values()) {
    if (kwn?.includes(k as string)) continue;
    names.push(k as string);
    vals.push(v);
  }
  if (kwn !== null) {
    names.push(...kwn);
    vals.push(...(kwv as unknown[]));
  }
  return yield* callG(
    p.func,
    [...p.args, ...args],
    names.length === 0 ? null : names,
    names.length === 0 ? null : vals,
  );
}
const pcall = def(partialType, '__call__', (p: Partial, ...a: unknown[]) => callPartial(p, a, null, null), {
  blk: true,
});
pcall.$kwf = (args, kw) =>
  callPartial(
    args[0] as Partial,
    args.slice(1),
    kw === null ? null : [...kw.keys()],
    kw === null ? null : [...kw.values()],
  );
def(
  partialType,
  '__repr__',
  (p: Partial) =>
    `functools.partial(${repr(p.func)}${p.args.map((x) => `, ${repr(x)}`).join('')}${[...p.kw.m.values()].map(([k, v]) => `, ${k}=${repr(v)}`).join('')})`,
);

registerModule('functools', () => {
  const m = new PyModule('functools');
  m.d.partial = partialType;
  func(m, 'reduce', (f: unknown, x: unknown, init?: unknown) => {
    const a = toArray(x);
    let acc: unknown;
    let i = 0;
    if (init !== undefined) acc = init;
    else {
      if (a.length === 0) throw typeError('reduce() of empty iterable with no initial value');
      acc = a[0];
      i = 1;
    }
    for (; i < a.length; i++) acc = callSync(f, [acc, a[i]]);
    return acc;
  });
  func(m, 'wraps', (wrapped: unknown) => {
    const deco = ((f: AnyFn) => {
      const w = wrapped as AnyFn;
      if (f.$fn !== undefined && w.$fn !== undefined) {
        f.$fn.name = w.$fn.name;
        f.$fn.qualname = w.$fn.qualname;
      }
      return f;
    }) as AnyFn;
    deco.$nb = true;
    return deco;
  });
  func(m, 'cmp_to_key', (cmp: unknown) => {
    const t = mkType('K', 'functools');
    const k = ((x: unknown) => {
      const o = new PyObject(t);
      o.d.v = x;
      return o;
    }) as AnyFn;
    k.$nb = true;
    def(t, '__lt__', (a: PyObject, b: PyObject) => Number(callSync(cmp, [a.d.v, b.d.v])) < 0);
    return k;
  });
  void compare;
  void isInstance;
  void typeName;
  return m;
});

// ---- inspect (generator states) -------------------------------------------------------------

registerModule('inspect', () => {
  const m = new PyModule('inspect');
  func(m, 'getgeneratorstate', (g: PyGenerator) => {
    if (g.running) return 'GEN_RUNNING';
    if (g.done) return 'GEN_CLOSED';
    return g.started ? 'GEN_SUSPENDED' : 'GEN_CREATED';
  });
  func(m, 'isgenerator', (g: unknown) => g instanceof PyGenerator);
  func(m, 'isgeneratorfunction', (f: unknown) => typeof f === 'function' && (f as AnyFn).$fn?.gen === true);
  func(m, 'isfunction', (f: unknown) => typeof f === 'function' && (f as AnyFn).$fn !== undefined);
  m.d.GEN_CREATED = 'GEN_CREATED';
  m.d.GEN_RUNNING = 'GEN_RUNNING';
  m.d.GEN_SUSPENDED = 'GEN_SUSPENDED';
  m.d.GEN_CLOSED = 'GEN_CLOSED';
  // coroutines and asynchronous generators (python/modules/coroutine.ts)
  func(m, 'getcoroutinestate', (c: { running: boolean; done: boolean; started: boolean }) => {
    if (c.running) return 'CORO_RUNNING';
    if (c.done) return 'CORO_CLOSED';
    return c.started ? 'CORO_SUSPENDED' : 'CORO_CREATED';
  });
  const fnInfo = (f: unknown) => (typeof f === 'function' ? (f as AnyFn).$fn : undefined);
  func(m, 'iscoroutine', (c: unknown) => typeName(c) === 'coroutine');
  func(m, 'isasyncgen', (c: unknown) => typeName(c) === 'async_generator');
  func(m, 'iscoroutinefunction', (f: unknown) => fnInfo(f)?.async === true && !fnInfo(f)?.gen);
  func(m, 'isasyncgenfunction', (f: unknown) => fnInfo(f)?.async === true && fnInfo(f)?.gen === true);
  func(m, 'isawaitable', (c: unknown) => typeName(c) === 'coroutine' || lookup(typeOf(c), '__await__') !== undefined);
  m.d.CORO_CREATED = 'CORO_CREATED';
  m.d.CORO_RUNNING = 'CORO_RUNNING';
  m.d.CORO_SUSPENDED = 'CORO_SUSPENDED';
  m.d.CORO_CLOSED = 'CORO_CLOSED';
  return m;
});
