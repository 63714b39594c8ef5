# The study note's gevent echo server, the Python twin of gevent-echo-server.ts, one program
# for both sides of `concsim report fidelity` (`concsim run` in virtual time, /usr/bin/python3
# with gevent for real): a server process calls monkey.patch_all() and serves a StreamServer
# that upper-cases what each client sends, a greenlet per connection in one OS thread; the
# CLIENTS client threads are plain threads of the main process (the server is forked off
# before anything is patched, so the load is unpatched, as a load generator is another program), all started before the go, each sending
# MESSAGES messages of MIN_SIZE..MAX_SIZE bytes one at a time after a pause drawn from
# [0, 2 * THINK], checking every reply. The main process measures from the go to its last
# client's end, and each round trip; the last line printed is JSON: elapsed seconds, latency
# percentiles in ms (nearest rank) and messages answered.
# Parameters: the constants below, or on real CPython a JSON object in argv[1] with the
# scenario's keys (clients, messages, minSize, maxSize, think).
from multiprocessing import Pipe, Process
import json, math, random, socket, sys, threading, time

CLIENTS = 50
MESSAGES = 4
MIN_SIZE = 16
MAX_SIZE = 8192
THINK = 0.001
LETTERS = 'abcdefghijklmnopqrstuvwxyz'

def talk(conn, addr):
    while True:
        data = conn.recv(4096)
        if not data:
            break
        conn.sendall(data.upper())
    conn.close()

def serve(ready):
    from gevent import monkey; monkey.patch_all()
    from gevent.server import StreamServer
    server = StreamServer(('127.0.0.1', 0), talk, backlog=1024)  # a free port: the machine may be serving 8080
    server.start()
    ready.send(server.server_port)
    server.serve_forever()

def message(name, n, size):
    head = '%s say hello %d' % (name, n)
    pad = ''
    for i in range(size - len(head)):
        pad += ' ' if i == 0 else LETTERS[(i + n) % 26]
    return (head + pad).encode()

def percentile(xs, q):
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))]

def client(i, port, p, go, lat):
    rng = random.Random(i)
    sizes = [rng.randint(p['minSize'], p['maxSize']) for _ in range(p['messages'])]
    pauses = [rng.uniform(0, 2 * p['think']) for _ in range(p['messages'])]
    go.wait()
    c = socket.create_connection(('127.0.0.1', port))
    for n in range(p['messages']):
        if pauses[n] > 0:
            time.sleep(pauses[n])
        msg = message(threading.current_thread().name, n, sizes[n])
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

if __name__ == '__main__':
    given = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    p = {'clients': CLIENTS, 'messages': MESSAGES, 'minSize': MIN_SIZE, 'maxSize': MAX_SIZE, 'think': THINK}
    p.update(given)
    p['minSize'] = min(p['minSize'], p['maxSize'])
    ready_r, ready = Pipe(False)
    server = Process(target=serve, args=(ready,), daemon=True)
    server.start()
    port = ready_r.recv()
    go = threading.Event()
    lat = []
    ts = [threading.Thread(target=client, args=(i, port, p, go, lat)) for i in range(p['clients'])]
    for t in ts:
        t.start()
    t0 = time.perf_counter()
    go.set()
    for t in ts:
        t.join()
    elapsed = time.perf_counter() - t0
    server.terminate()
    server.join()
    print(len(lat) // p['messages'], 'clients served')
    assert len(lat) == p['clients'] * p['messages']
    pct = {'p50': percentile(lat, 0.5), 'p90': percentile(lat, 0.9), 'p99': percentile(lat, 0.99)}
    print(json.dumps({'elapsed': elapsed, 'latencyMs': pct, 'answered': len(lat)}))
