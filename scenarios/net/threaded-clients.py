# The study note's 500 threaded clients, the Python twin of threaded-clients.ts, one program
# for both sides of `concsim report fidelity` (`concsim run` in virtual time, python3 for
# real): a thread-per-connection echo server in the main process upper-cases what each
# client sends; the CLIENTS client threads run in a child process (as the note runs them: two
# programs), all started before the go, then each says hello MESSAGES times, one message at a
# time after a pause drawn from [0, 2 * THINK], checking every reply. The child measures from
# the go to its last client's end, and each round trip; the last line printed is JSON:
# elapsed seconds, latency percentiles in ms (nearest rank) and messages answered.
# Parameters: the constants below, or on real CPython a JSON object in argv[1] with the
# scenario's keys (clients, messages, think).
from multiprocessing import Process, Queue
from socket import *
from threading import Thread, Event
import json, math, random, sys, threading, time

CLIENTS = 500
MESSAGES = 3
THINK = 0.001

def talk(conn):
    while True:
        res = conn.recv(1024)
        if not res:
            break
        conn.sendall(res.upper())
    conn.close()

def client(i, port, messages, think, go, lat):
    rng = random.Random(i)
    pauses = [rng.uniform(0, 2 * think) for _ in range(messages)]
    go.wait()
    c = socket(AF_INET, SOCK_STREAM)
    c.connect(('127.0.0.1', port))
    for count in range(messages):
        if pauses[count] > 0:
            time.sleep(pauses[count])
        msg = ('%s say hello %s' % (threading.current_thread().name, count)).encode('utf-8')
        t0 = time.perf_counter()
        c.sendall(msg)
        got = b''
        while len(got) < len(msg):
            d = c.recv(len(msg) - len(got))
            if not d:
                break
            got += d
        assert got == msg.upper()
        lat.append((time.perf_counter() - t0) * 1000)
    c.close()

def percentile(xs, q):
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))]

def clients(n, port, messages, think, out):
    go = Event()
    lat = []
    ts = [Thread(target=client, args=(i, port, messages, think, go, lat)) for i in range(n)]
    for t in ts:
        t.start()
    t0 = time.perf_counter()
    go.set()
    for t in ts:
        t.join()
    elapsed = time.perf_counter() - t0
    p = {'p50': percentile(lat, 0.5), 'p90': percentile(lat, 0.9), 'p99': percentile(lat, 0.99)}
    out.put({'elapsed': elapsed, 'latencyMs': p, 'answered': len(lat)})

if __name__ == '__main__':
    given = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    n = given.get('clients', CLIENTS)
    messages = given.get('messages', MESSAGES)
    s = socket(AF_INET, SOCK_STREAM)
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', 0))  # a free port: the machine may be serving 8080
    port = s.getsockname()[1]
    s.listen(n)
    out = Queue()
    p = Process(target=clients, args=(n, port, messages, given.get('think', THINK), out))
    p.start()
    handlers = []
    for _ in range(n):
        conn, addr = s.accept()
        t = Thread(target=talk, args=(conn,))
        t.start()
        handlers.append(t)
    result = out.get()
    for t in handlers:
        t.join()
    p.join()
    s.close()
    print(n, 'clients served, exit code', p.exitcode)
    assert p.exitcode == 0 and result['answered'] == n * messages
    print(json.dumps(result))
