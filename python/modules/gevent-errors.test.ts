/**
 * A greenlet's failure printed as gevent 22.10's `Hub.print_exception` prints it. The corpus
 * (gevent/greenlet_error_printed.py and its neighbours) checks the text against gevent through
 * a stream that masks the time and addresses; this checks the default stream, sys.stderr, where
 * the time is the simulated clock's (epoch 0) and the address that of `id()`.
 */
import { describe, expect, it } from 'vitest';
import { runPython } from '../index.ts';

const FAIL = `import gevent, sys
def f(x):
    gevent.sleep(61)
    return x / 0
g = gevent.spawn(f, 3)
print('spawned', file=sys.stderr)
g.join()
print('joined', id(g) == int(repr(g).split(' at ')[1].split(':')[0], 16), file=sys.stderr)
`;

describe('gevent failure printing', () => {
  it('prints the traceback, then TIME <Greenlet at ADDR: f(3)> failed with NAME, to sys.stderr by default', async () => {
    const r = await runPython(FAIL, { filename: 'fail.py' });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        '^spawned\\nTraceback \\(most recent call last\\):\\n' +
          '  File "src/gevent/greenlet.py", line 908, in gevent._gevent_cgreenlet.Greenlet.run\\n' +
          '  File "fail.py", line 4, in f\\n    return x / 0\\n           ~~\\^~~\\n' +
          'ZeroDivisionError: division by zero\\n' +
          '1970-01-01T00:01:01Z <Greenlet at 0x[0-9a-f]{12}: f\\(3\\)> failed with ZeroDivisionError\\n\\n' +
          'joined True\\n$',
      ),
    );
  });

  it('prints nothing with exception_stream = None, nor for a killed greenlet', async () => {
    const src = `import gevent
def f():
    gevent.sleep(1)
k = gevent.spawn(f)
gevent.sleep(0)
k.kill()
gevent.get_hub().exception_stream = None
g = gevent.spawn(lambda: 1 / 0)
g.join()
print(type(g.exception).__name__, k.dead)
`;
    const r = await runPython(src, { filename: 'quiet.py' });
    expect(r).toMatchObject({ stdout: 'ZeroDivisionError True\n', stderr: '', exitCode: 0 });
  });
});
