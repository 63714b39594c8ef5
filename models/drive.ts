/**
 * What a user's function returned, driven if it blocks. Python accepts any callable as a
 * thread target, Timer function, task, initializer or callback — `target=ev.wait` — and the
 * call may block. Here a function that blocks returns a blocking operation: a generator
 * (a `function*`) or an Op (`() => ev.wait()`), which the caller drives with `yield*`.
 */
import type { Blocking } from '../engine/index.ts';
import { Op } from '../engine/index.ts';

export function isGenerator(x: unknown): x is Blocking<unknown> {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof (x as Generator).next === 'function' &&
    typeof (x as Generator).throw === 'function'
  );
}

/** Whether a function's result must be driven with `yield*`: a generator, or an operation (`sleep(1)`). */
export function mustDrive(x: unknown): x is Iterable<unknown, unknown, unknown> {
  return x instanceof Op || isGenerator(x);
}

/** Drives what a target or callback returned if it blocks; returns its value. */
export function* drive(r: unknown): Blocking<unknown> {
  return mustDrive(r) ? yield* r : r;
}
