// Example programs whose stdout, stderr and exit code were produced by CPython 3.11.7
// (python3 NAME.py, paths made relative): runPython must reproduce them exactly.
import { describe, expect, test } from 'vitest';
import { activeKernel, DEFAULT_COSTS } from '../engine/index.ts';
import { simulate } from '../models/simulate.ts';
import { compilePython, PythonSyntaxError, runPython } from './index.ts';

const CASES: { name: string; source: string; stdout: string; stderr: string; exitCode: number }[] = [
  {
    name: 'lang.py',
    source:
      'class Account:\n    def __init__(self, owner, balance=0):\n        self.owner = owner\n        self._balance = balance\n    @property\n    def balance(self):\n        return self._balance\n    def deposit(self, amount):\n        if amount <= 0:\n            raise ValueError(f"bad amount: {amount!r}")\n        self._balance += amount\n        return self\n    def __repr__(self):\n        return f"Account({self.owner!r}, {self._balance})"\na = Account("ann").deposit(5).deposit(7)\nprint(a, a.balance)\ntry:\n    a.deposit(-1)\nexcept ValueError as e:\n    print("caught:", e)\ndef fib():\n    x, y = 0, 1\n    while True:\n        yield x\n        x, y = y, x + y\ng = fib()\nprint([next(g) for _ in range(10)], 2 ** 70, 10 // 3, -10 // 3, -10 % 3, 7 / 2)\nprint({k: v for k, v in zip("abc", range(3))}, sorted({3, 1, 2}), "-".join(map(str, range(4))))\nprint("%5.2f|%-4d|%s" % (3.14159, 42, [1]), "{:>6}|{:^7}|{:+d}".format("x", "mid", 5))\n',
    stdout:
      "Account('ann', 12) 12\ncaught: bad amount: -1\n[0, 1, 1, 2, 3, 5, 8, 13, 21, 34] 1180591620717411303424 3 -4 2 3.5\n{'a': 0, 'b': 1, 'c': 2} [1, 2, 3] 0-1-2-3\n 3.14|42  |[1]      x|  mid  |+5\n",
    stderr: '',
    exitCode: 0,
  },
  {
    name: 'tb.py',
    source: 'def inner(d):\n    return d["missing"] + 1\ndef outer():\n    return inner({})\nouter()\n',
    stdout: '',
    stderr:
      'Traceback (most recent call last):\n  File "tb.py", line 5, in <module>\n    outer()\n  File "tb.py", line 4, in outer\n    return inner({})\n           ^^^^^^^^^\n  File "tb.py", line 2, in inner\n    return d["missing"] + 1\n           ~^^^^^^^^^^^\nKeyError: \'missing\'\n',
    exitCode: 1,
  },
  {
    name: 'threads.py',
    source:
      'import threading, queue, time\nq = queue.Queue()\nresults = []\nlock = threading.Lock()\ndef worker(n):\n    while True:\n        item = q.get()\n        if item is None:\n            break\n        time.sleep(0.01 * item)\n        with lock:\n            results.append((n, item * item))\n        q.task_done()\nts = [threading.Thread(target=worker, args=(i,)) for i in range(3)]\nfor t in ts:\n    t.start()\nfor i in range(6):\n    q.put(i)\nq.join()\nfor _ in ts:\n    q.put(None)\nfor t in ts:\n    t.join()\nprint(sorted(r[1] for r in results), threading.active_count())\ndef boom():\n    raise RuntimeError("worker failed")\nt = threading.Thread(target=boom)\nt.start(); t.join()\nprint("main goes on")\n',
    stdout: '[0, 1, 4, 9, 16, 25] 1\nmain goes on\n',
    stderr:
      'Exception in thread Thread-4 (boom):\nTraceback (most recent call last):\n  File "/usr/lib/python3.11/threading.py", line 1045, in _bootstrap_inner\n    self.run()\n  File "/usr/lib/python3.11/threading.py", line 982, in run\n    self._target(*self._args, **self._kwargs)\n  File "threads.py", line 26, in boom\n    raise RuntimeError("worker failed")\nRuntimeError: worker failed\n',
    exitCode: 0,
  },
  {
    name: 'exit.py',
    source: 'import sys\nprint("before")\nsys.exit(3)\n',
    stdout: 'before\n',
    stderr: '',
    exitCode: 3,
  },
];

describe('runPython matches CPython 3.11', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const r = runPython(c.source, { filename: c.name });
      expect(r.stdout).toBe(c.stdout);
      expect(r.stderr).toBe(c.stderr);
      expect(r.exitCode).toBe(c.exitCode);
    });
  }
});

describe('preemption at eval-breaker points', () => {
  const race = (body: string) => `import threading
N = 200
counter = 0
d = {'k': 0}
def work():
    global counter
    for _ in range(N):
${body}
ts = [threading.Thread(target=work) for _ in range(3)]
for t in ts: t.start()
for t in ts: t.join()
print(counter + d['k'])
`;
  const lost = (body: string) => {
    let worst = 600;
    for (let seed = 0; seed < 20; seed++) {
      const r = runPython(race(body), {
        filename: 'race.py',
        seed,
        breaker: { preempt: true },
        simulate: { strategy: 'random' },
      });
      worst = Math.min(worst, Number(r.stdout.trim()));
    }
    return 600 - worst;
  };
  test('a bare counter += 1 never loses an update (no breaker point inside it)', () => {
    expect(lost('        counter += 1')).toBe(0);
  });
  test('d[k] = d.get(k, 0) + 1 loses updates (a switch can land after the call)', () => {
    expect(lost("        d['k'] = d.get('k', 0) + 1")).toBeGreaterThan(0);
  });
});

describe('errors', () => {
  test('a syntax error is reported in CPython form', () => {
    expect(() => compilePython('x = (1,\n', 'prog.py')).toThrow(PythonSyntaxError);
    try {
      compilePython('x = (1,\n', 'prog.py');
    } catch (e) {
      expect((e as Error).message).toBe(
        `  File "prog.py", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed`,
      );
    }
  });
  test('an unsupported construct is named with its line', () => {
    expect(() => compilePython('x = 1\nmatch x:\n    case 1: pass\n', 'p.py')).toThrow(
      'line 2: `match` statements are not supported',
    );
  });
  test('module-level literal constants are parameters', () => {
    const p = compilePython('N = 3\nNAME = "x"\nprint(N * 2, NAME)\n', 'p.py');
    expect([...p.constants]).toEqual([
      ['N', 3],
      ['NAME', 'x'],
    ]);
    expect(runPython('N = 3\nprint(N * 2)\n', { filename: 'p.py', params: { N: 5 } }).stdout).toBe('10\n');
  });
  test('a deadlock is a verdict', () => {
    const r = runPython('import threading\nl = threading.Lock()\nl.acquire()\nl.acquire()\n', { filename: 'd.py' });
    expect(r.verdict.kind).toBe('deadlock');
    expect(r.exitCode).toBe(1);
  });
  test('sys.setswitchinterval sets the GIL switch interval of the run through the engine', () => {
    let ticks = 0;
    const program = compilePython('import sys\nsys.setswitchinterval(0.001)\nprint(sys.getswitchinterval())\n', 's.py');
    let out = '';
    const sim = simulate(function* () {
      yield* program.main({ stdout: (t) => (out += t), stderr: () => {} });
      ticks = activeKernel()?.cpu.switchInterval ?? 0;
    });
    expect(sim.verdict.kind).toBe('ok');
    expect(out).toBe('0.001\n');
    expect(ticks).toBe(1000);
  });
  test("open() writes to the run's files", () => {
    const r = runPython(
      'with open("out.txt", "w") as f:\n    f.write("hi\\n")\nprint(open("out.txt").read(), end="")\n',
      { filename: 'f.py' },
    );
    expect(r.stdout).toBe('hi\n');
    expect(r.files.get('out.txt')).toBe('hi\n');
  });
});

describe('socket calls that release the GIL in CPython are system calls here', () => {
  // Distinct costs, so that the virtual time each call takes says which system call it made.
  const costs = {
    ...DEFAULT_COSTS,
    socketOpen: 20,
    socketControl: 3,
    socketClose: 50,
    epollCtl: 7,
    socketSetup: 11,
    pyStatementNs: 0,
  };
  test('socket(), bind, listen, settimeout, setblocking, epoll(), its register/modify/unregister and close, close; poll.register makes none', () => {
    const source = `import socket, select, time
def took(f):
    t = time.monotonic()
    f()
    return round((time.monotonic() - t) * 1e6)
box = []
print(took(lambda: box.append(socket.socket())))
s = box[0]
print(took(lambda: s.settimeout(2)), took(lambda: s.setblocking(False)))
print(took(lambda: s.bind(("127.0.0.1", 0))), took(lambda: s.listen(5)))
eps = []
print(took(lambda: eps.append(select.epoll())))
ep = eps[0]
print(took(lambda: ep.register(s, select.EPOLLIN)), took(lambda: ep.modify(s, select.EPOLLOUT)), took(lambda: ep.unregister(s)))
print(took(ep.close), took(ep.close), ep.closed)
p = select.poll()
print(took(lambda: p.register(s, select.POLLIN)))
print(took(s.close), took(s.close), s.fileno())
`;
    const r = runPython(source, { filename: 'calls.py', simulate: { costs, strategy: 'fifo' } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('20\n3 3\n11 11\n11\n7 7 7\n11 0 True\n0\n50 0 -1\n');
  });
});

describe('time.process_time() and time.thread_time() read CPU time, not the clock', () => {
  test("a sleep costs no CPU; a thread computing counts in its thread_time and its process_time, not in another thread's", () => {
    const source = `import threading, time
def work():
    t = time.thread_time()
    for i in range(1000):
        pass
    spent.append(time.thread_time() - t)
spent = []
c0, p0, m0 = time.thread_time(), time.process_time(), time.monotonic()
time.sleep(0.5)
print(round(time.monotonic() - m0, 3), round(time.thread_time() - c0, 6), round(time.process_time() - p0, 6))
w = threading.Thread(target=work)
w.start()
w.join()
print(round(spent[0] * 1e6), round((time.process_time() - p0) * 1e6) >= round(spent[0] * 1e6), round((time.thread_time() - c0) * 1e6) < round(spent[0] * 1e6))
print(time.thread_time_ns() == round(time.thread_time() * 1e9), time.process_time_ns() >= time.thread_time_ns())
`;
    // The worker's loop costs CPU (the interpreter's per-statement cost); sleeping costs none.
    const r = runPython(source, {
      filename: 'cpu.py',
      simulate: { costs: { ...DEFAULT_COSTS, pyStatementNs: 10_000 }, strategy: 'fifo' },
    });
    expect(r.stderr).toBe('');
    const [sleep, work, ns] = r.stdout.trim().split('\n');
    expect(sleep).toBe('0.5 0.0 0.0');
    expect(work).toMatch(/^\d+ True True$/);
    expect(Number(work?.split(' ')[0])).toBeGreaterThan(0);
    expect(ns).toBe('True True');
  });
});
