/**
 * `time` in virtual time: `sleep` is the model's (a scheduling point that releases the
 * GIL), the clocks read the kernel's clock, and `process_time` and `thread_time` the CPU the
 * model booked to the process and the thread. The simulated epoch is 0, so `time.time()`
 * starts at 0.0 where CPython's starts at the wall-clock date.
 */
import { monotonic, processTime, sleep, threadTime } from '../../models/index.ts';
import { PyFloat, PyModule } from '../runtime/objects.ts';
import { valueError } from '../runtime/types.ts';
import { func, registerModule } from './registry.ts';
import { seconds } from './threading.ts';

registerModule('time', () => {
  const m = new PyModule('time');
  func(
    m,
    'sleep',
    (s: unknown) => {
      const v = seconds(s);
      if (v < 0) throw valueError('sleep length must be non-negative');
      return sleep(v);
    },
    { blk: true },
  );
  const now = () => new PyFloat(monotonic());
  func(m, 'time', now);
  func(m, 'monotonic', now);
  func(m, 'perf_counter', now);
  func(m, 'process_time', () => new PyFloat(processTime()));
  func(m, 'thread_time', () => new PyFloat(threadTime()));
  func(m, 'time_ns', () => Math.round(monotonic() * 1e9));
  func(m, 'monotonic_ns', () => Math.round(monotonic() * 1e9));
  func(m, 'perf_counter_ns', () => Math.round(monotonic() * 1e9));
  func(m, 'process_time_ns', () => Math.round(processTime() * 1e9));
  func(m, 'thread_time_ns', () => Math.round(threadTime() * 1e9));
  return m;
});
