/**
 * Small helpers for the models' example tests: start a thread running a generator, capture
 * what a call or a blocking operation raises (Python's `with pytest.raises`), and costs
 * under which socket calls are free, so that times are the network's alone.
 */
import { type Blocking, DEFAULT_COSTS } from '../engine/index.ts';

/** The ideal costs with every socket call and poll free: what the network tests spread their own costs over. */
export const FREE_SOCKET_CALLS = {
  ...DEFAULT_COSTS,
  socketCall: 0,
  socketConnect: 0,
  socketAccept: 0,
  socketSend: 0,
  socketRecv: 0,
  pollCall: 0,
} as const;

import { Thread } from './threading/thread.ts';

/**
 * Starts a thread running `body`, named `name` if given (daemon with `daemon: true`),
 * without waiting for it to signal `_started`: the tests' shorthand for a thread started
 * in the background, whose first step the scheduler orders like any other.
 */
export function go(body: () => unknown, name?: string, o: { readonly daemon?: boolean } = {}): Thread {
  const t = new Thread({
    target: body,
    ...(name === undefined ? {} : { name }),
    ...(o.daemon === undefined ? {} : { daemon: o.daemon }),
  });
  t.startNoWait();
  return t;
}

/** Drives `f()` and returns what it raised, or null if it returned normally. */
export function* raises(f: () => Iterable<unknown>): Blocking<unknown> {
  try {
    yield* f();
  } catch (e) {
    return e;
  }
  return null;
}

/** Calls `f()` and returns what it raised, or null. */
export function raisesNow(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

/** Error name and message, for one-line assertions: `ValueError: n must be one or more`. */
export function describeError(e: unknown): string {
  if (e !== null && typeof e === 'object' && 'name' in e && 'message' in e) return `${e.name}: ${e.message}`;
  return String(e);
}

/** Drives `f(x, i)` for each `x` in turn and collects the results: `[...].map` for blocking calls. */
export function* eachOf<T, R>(xs: Iterable<T>, f: (x: T, i: number) => Iterable<unknown, R, unknown>): Blocking<R[]> {
  const out: R[] = [];
  let i = 0;
  for (const x of xs) out.push(yield* f(x, i++));
  return out;
}
