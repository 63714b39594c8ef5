/**
 * `sys`: argv, exit, stdout/stderr (writing to the run's streams), setswitchinterval
 * (recorded; the kernel's switch interval is the cost model's).
 */

import { activeKernel } from '../../engine/context.ts';
import { R } from '../runtime/call.ts';
import { currentHandled } from '../runtime/exceptions.ts';
import { def } from '../runtime/methods.ts';
import { PyFloat, PyModule, PyTuple } from '../runtime/objects.ts';
import { valueError } from '../runtime/types.ts';
import { func, mkType, registerModule } from './registry.ts';
import { makeExc, mkTypeHelper, SystemExit, typeError } from './sys-helpers.ts';

registerModule('sys', (ctx) => {
  const m = new PyModule('sys');
  m.d.argv = ctx.argv.slice();
  func(m, 'exit', (code?: unknown) => {
    throw makeExc(SystemExit, code === undefined ? [] : [code]);
  });
  let interval = 0.005;
  func(m, 'setswitchinterval', (s: unknown) => {
    interval = s instanceof PyFloat ? s.v : Number(s);
    if (!(interval > 0)) throw valueError('switch interval must be strictly positive');
    activeKernel()?.cpu.setSwitchInterval(interval * 1e6);
    return null;
  });
  func(m, 'getswitchinterval', () => new PyFloat(interval));
  R.limit = 1000;
  R.depth = 1;
  func(m, 'getrecursionlimit', () => R.limit);
  func(m, 'setrecursionlimit', (n: unknown) => {
    R.limit = Number(n);
    return null;
  });
  func(m, 'exc_info', () => {
    const e = currentHandled();
    return new PyTuple(e === null ? [null, null, null] : [e.cls, e, null]);
  });
  func(m, 'exception', () => currentHandled());
  const streamType = mkType('TextIOWrapper', '_io');
  const stream = (write: (s: string) => void, name: string) => {
    const o = { [Symbol.for('pyType')]: streamType, write, name };
    return o;
  };
  def(streamType, 'write', (s: { write: (t: string) => void }, t: unknown) => {
    if (typeof t !== 'string') throw typeError(`write() argument must be str, not ${mkTypeHelper(t)}`);
    s.write(t);
    return t.length;
  });
  def(streamType, 'flush', () => null);
  m.d.stdout = stream(ctx.stdout, '<stdout>');
  m.d.stderr = stream(ctx.stderr, '<stderr>');
  m.d.maxsize = 9223372036854775807n;
  m.d.version_info = new PyTuple([3, 11, 7, 'final', 0]);
  m.d.version = '3.11.7 (concsim)';
  m.d.platform = 'linux';
  m.d.byteorder = 'little';
  m.d.modules = null;
  return m;
});
