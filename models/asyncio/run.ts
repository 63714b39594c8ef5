/**
 * `asyncio.run(main())`, as CPython 3.11's `runners.py` runs it: a new event loop in the
 * current thread runs the coroutine, then cancels the tasks left, reports their failures
 * to the loop's exception handler, and closes the loop.
 *
 * Differs from CPython: never-retrieved task exceptions are reported when the loop closes
 * rather than when the garbage collector finds them.
 */

import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op } from '../../engine/index.ts';
import { RuntimeError, ValueError } from '../errors.ts';
import { isCoroutine } from './futures.ts';
import { EventLoop, RUNNING } from './loop.ts';
import { gather } from './tasks.ts';

/**
 * `asyncio.run(main())`: runs the coroutine on a new event loop in the current thread,
 * then cancels the tasks left, reports their failures, and closes the loop.
 */
export function run<T>(main: Blocking<T>): Op<T> {
  const k = kernel('asyncio.run()');
  if (k.current !== null && k.local(RUNNING).has(k.current)) {
    throw new RuntimeError('asyncio.run() cannot be called from a running event loop');
  }
  if (!isCoroutine(main)) throw new ValueError(`a coroutine was expected, got ${String(main)}`);
  return op('asyncio.run()', runGen(main));
}

function* runGen<T>(main: Blocking<T>): Blocking<T> {
  const loop = new EventLoop();
  try {
    return yield* loop.runUntilComplete(main);
  } finally {
    try {
      const left = loop.allTasks();
      if (left.length > 0) {
        for (const t of left) t.cancel();
        yield* loop.runUntilComplete(gather(...left, { returnExceptions: true }));
        for (const t of left) {
          if (t.cancelled()) continue;
          const e = t.exception();
          if (e !== null) {
            loop.callExceptionHandler({
              message: 'unhandled exception during asyncio.run() shutdown',
              exception: e,
              future: t,
            });
          }
        }
      }
    } finally {
      loop.close();
    }
  }
}
