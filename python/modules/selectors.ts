/**
 * `selectors` over the select binding's model epoll: DefaultSelector (an EpollSelector),
 * SelectSelector and PollSelector under the same implementation, EVENT_READ/EVENT_WRITE,
 * register/unregister/modify/select/get_key/get_map/close, and SelectorKey objects with
 * `fileobj`, `fd`, `events` and `data`.
 *
 * register, unregister and modify make EpollSelector's `epoll_ctl` system call (a switch
 * point, the GIL released).
 *
 * Differs from CPython: every selector class is epoll underneath (the readiness they report
 * is the same, but SelectSelector's and PollSelector's register, which only update a table in
 * CPython, make the epoll's system call too); SelectorKey is a plain object, not a namedtuple
 * (no indexing or unpacking).
 */
import type { Blocking } from '../../engine/index.ts';
import * as net from '../../models/net/index.ts';
import { callSync, getAttr } from '../runtime/call.ts';
import { repr } from '../runtime/format.ts';
import { def, dictSet } from '../runtime/methods.ts';
import { PyDict, PyModule, PyObject, PyTuple } from '../runtime/objects.ts';
import { KeyError, pyErr, setPyType, valueError } from '../runtime/types.ts';
import { mkType, registerModule, setMake } from './registry.ts';
import { seconds } from './threading.ts';

const EVENT_READ = 1;
const EVENT_WRITE = 2;

const keyType = mkType('SelectorKey', 'selectors');
def(
  keyType,
  '__repr__',
  (k: PyObject) =>
    `SelectorKey(fileobj=${repr(k.d.fileobj)}, fd=${k.d.fd}, events=${k.d.events}, data=${repr(k.d.data)})`,
);

function fdOf(f: unknown): number {
  if (typeof f === 'number' || typeof f === 'bigint') return Number(f);
  if (f instanceof net.socket) return f.fileno();
  if (f instanceof PyObject) return Number(callSync(getAttr(f, 'fileno'), []));
  throw valueError(`Invalid file object: ${repr(f)}`);
}
function mask(events: number): number {
  return (events & EVENT_READ ? net.select.EPOLLIN : 0) | (events & EVENT_WRITE ? net.select.EPOLLOUT : 0);
}

class Selector {
  readonly ep = new net.select.epoll();
  readonly keys = new Map<number, PyObject>();
  closed = false;
}
const selType = mkType('EpollSelector', 'selectors');
setPyType(Selector.prototype, selType);
setMake(selType, () => new Selector());
def(
  selType,
  'register',
  function* (s: Selector, fileobj: unknown, events: unknown, data?: unknown): Blocking<unknown> {
    const ev = Number(events);
    if (ev === 0 || (ev & ~(EVENT_READ | EVENT_WRITE)) !== 0) throw valueError(`Invalid events: ${repr(events)}`);
    const fd = fdOf(fileobj);
    if (s.keys.has(fd)) throw pyErr(KeyError, `${repr(fileobj)} (FD ${fd}) is already registered`);
    const k = new PyObject(keyType);
    k.d.fileobj = fileobj;
    k.d.fd = fd;
    k.d.events = ev;
    k.d.data = data === undefined ? null : data;
    yield* s.ep.register(fd, mask(ev));
    s.keys.set(fd, k);
    return k;
  },
  { kw: ['fileobj', 'events', 'data'], blk: true },
);
function keyOf(s: Selector, fileobj: unknown): PyObject {
  const fd = fdOf(fileobj);
  const k = s.keys.get(fd);
  if (k === undefined) throw pyErr(KeyError, `${repr(fileobj)} is not registered`);
  return k;
}
def(
  selType,
  'unregister',
  function* (s: Selector, fileobj: unknown): Blocking<unknown> {
    const k = keyOf(s, fileobj);
    s.keys.delete(k.d.fd as number);
    yield* s.ep.unregister(k.d.fd as number);
    return k;
  },
  { blk: true },
);
def(
  selType,
  'modify',
  function* (s: Selector, fileobj: unknown, events: unknown, data?: unknown): Blocking<unknown> {
    const k = keyOf(s, fileobj);
    k.d.events = Number(events);
    if (data !== undefined) k.d.data = data;
    yield* s.ep.modify(k.d.fd as number, mask(Number(events)));
    return k;
  },
  { kw: ['fileobj', 'events', 'data'], blk: true },
);
def(selType, 'get_key', (s: Selector, fileobj: unknown) => keyOf(s, fileobj));
def(selType, 'get_map', (s: Selector) => {
  const d = new PyDict();
  for (const [fd, k] of s.keys) dictSet(d, k.d.fileobj ?? fd, k);
  return d;
});
def(
  selType,
  'select',
  function* (s: Selector, timeout?: unknown): Blocking<unknown> {
    // CPython: None waits forever, <= 0 polls.
    const t = timeout === undefined || timeout === null ? -1 : Math.max(0, seconds(timeout));
    const evs = yield* s.ep.poll(t);
    const out: unknown[] = [];
    for (const [fd, ev] of evs) {
      const k = s.keys.get(fd);
      if (k === undefined) continue;
      let r = 0;
      if (ev & (net.select.EPOLLIN | net.select.EPOLLHUP | net.select.EPOLLERR)) r |= EVENT_READ;
      if (ev & (net.select.EPOLLOUT | net.select.EPOLLHUP | net.select.EPOLLERR)) r |= EVENT_WRITE;
      r &= k.d.events as number;
      if (r !== 0) out.push(new PyTuple([k, r]));
    }
    return out;
  },
  { blk: true, kw: ['timeout'] },
);
def(selType, 'close', (s: Selector) => {
  s.ep.close();
  s.keys.clear();
  return null;
});
def(selType, '__enter__', (s: Selector) => s);
def(selType, '__exit__', (s: Selector) => {
  s.ep.close();
  s.keys.clear();
  return null;
});

registerModule('selectors', () => {
  const m = new PyModule('selectors');
  m.d.EVENT_READ = EVENT_READ;
  m.d.EVENT_WRITE = EVENT_WRITE;
  m.d.DefaultSelector = selType;
  m.d.EpollSelector = selType;
  m.d.PollSelector = selType;
  m.d.SelectSelector = selType;
  m.d.SelectorKey = keyType;
  return m;
});
