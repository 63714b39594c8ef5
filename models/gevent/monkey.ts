/**
 * `gevent.monkey`: `patchAll()` is a per-run switch. Once it has run, greenlets and hubs
 * created afterwards are cooperative — `time.sleep`, the threading primitives and socket
 * operations yield to the hub like gevent's own calls — and `threading.Thread.start()`
 * runs the thread as a greenlet of the starting thread's hub, so threads interleave only
 * where they block and take the longest one's time, not the sum [GMP-1]. Unpatched, those
 * calls block the OS thread with every greenlet of its hub in it [GEV-3].
 *
 * Differs from gevent: patching is all or nothing (no per-module flags), and it applies to
 * what is created after it — call it first, as gevent requires — and to the whole run.
 */
import { kernel } from '../../engine/index.ts';
import { setThreadStartHook } from '../threading/thread.ts';
import { getHub, geventState } from './hub.ts';

/** `gevent.monkey.patch_all()`. */
export function patchAll(): void {
  const k = kernel('monkey.patchAll()');
  const s = geventState(k);
  if (s.patched) return;
  s.patched = true;
  setThreadStartHook(() => {
    if (kernel().current === null) return null; // started from setup code: an OS thread
    return { baton: getHub().baton, cooperative: true };
  });
  k.emit('gevent.patch-all', null);
}

/** Whether `patchAll()` has run in this simulation. */
export function isPatched(): boolean {
  return geventState(kernel('monkey.isPatched()')).patched;
}
