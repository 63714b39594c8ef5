# threaded-clients' twin (scenarios/net/threaded-clients.py) with each step timed, for both sides
# of a comparison: `python3 threaded_clients_steps.py` on CPython, `concsim run
# threaded_clients_steps.py --costs calibrated --seed N` in the model. Per client thread, the mean
# CPU (time.thread_time) of each step — socket(), connect, the pause, sendall, the reply's recvs,
# close — and the wall time from the go's set() to the wait's return, then to socket() done, then
# to connected; per server handler its recv/send/close CPU; the server's accept loop. The last line
# printed is JSON, in µs per client (ms for whole spans). Parameters: JSON in argv[1] (clients,
# messages, think), as the twin takes them.
from multiprocessing import Process, Queue
from socket import *
from threading import Thread, Event
import json, random, sys, threading, time

CLIENTS = 500
MESSAGES = 3
THINK = 0.001
go_at = [0.0]

def mean_us(rows, k):
    return round(sum(r[k] for r in rows) / len(rows) * 1e6, 1) if rows else 0.0

def talk(conn, handled):
    c0 = time.thread_time()
    recv = send = 0.0
    while True:
        a = time.thread_time()
        res = conn.recv(1024)
        b = time.thread_time()
        recv += b - a
        if not res:
            break
        conn.sendall(res.upper())
        send += time.thread_time() - b
    a = time.thread_time()
    conn.close()
    handled.append({'recv': recv, 'send': send, 'close': time.thread_time() - a, 'total': time.thread_time() - c0})

def client(i, port, messages, think, go, steps):
    rng = random.Random(i)
    pauses = [rng.uniform(0, 2 * think) for _ in range(messages)]
    go.wait()
    t_go = time.perf_counter()
    c0 = time.thread_time()
    c = socket(AF_INET, SOCK_STREAM)
    c1 = time.thread_time()
    t_sock = time.perf_counter()
    c.connect(('127.0.0.1', port))
    c2 = time.thread_time()
    t_conn = time.perf_counter()
    pause = send = recv = 0.0
    for count in range(messages):
        a = time.thread_time()
        if pauses[count] > 0:
            time.sleep(pauses[count])
        msg = ('%s say hello %s' % (threading.current_thread().name, count)).encode('utf-8')
        b = time.thread_time()
        c.sendall(msg)
        d0 = time.thread_time()
        got = b''
        while len(got) < len(msg):
            d = c.recv(len(msg) - len(got))
            if not d:
                break
            got += d
        assert got == msg.upper()
        pause += b - a
        send += d0 - b
        recv += time.thread_time() - d0
    a = time.thread_time()
    c.close()
    e = time.thread_time()
    steps.append({'socket': c1 - c0, 'connect': c2 - c1, 'pause': pause, 'send': send, 'recv': recv, 'close': e - a,
                  'total': e - c0, 'setToWaitReturnWall': t_go - go_at[0], 'waitReturnToSocketWall': t_sock - t_go,
                  'socketToConnectedWall': t_conn - t_sock})

def clients(n, port, messages, think, out):
    go = Event()
    steps = []
    ts = [Thread(target=client, args=(i, port, messages, think, go, steps)) for i in range(n)]
    p0 = time.process_time()
    for t in ts:
        t.start()
    p1 = time.process_time()
    go_at[0] = time.perf_counter()
    go.set()
    p2 = time.process_time()
    for t in ts:
        t.join()
    elapsed = time.perf_counter() - go_at[0]
    p3 = time.process_time()
    out.put({'elapsed': elapsed, 'startCpuMs': round((p1 - p0) * 1e3, 1), 'setCpuMs': round((p2 - p1) * 1e3, 2),
             'runCpuMs': round((p3 - p2) * 1e3, 1), 'perClientUs': {k: mean_us(steps, k) for k in steps[0]}})

if __name__ == '__main__':
    given = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    n = given.get('clients', CLIENTS)
    s = socket(AF_INET, SOCK_STREAM)
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.listen(n)
    out = Queue()
    p = Process(target=clients, args=(n, port, given.get('messages', MESSAGES), given.get('think', THINK), out))
    p.start()
    handlers = []
    handled = []
    accept = start = 0.0
    w0 = time.perf_counter()
    m0 = time.thread_time()
    for _ in range(n):
        a = time.thread_time()
        conn, addr = s.accept()
        b = time.thread_time()
        accept += b - a
        t = Thread(target=talk, args=(conn, handled))
        t.start()
        start += time.thread_time() - b
        handlers.append(t)
    loop = time.perf_counter() - w0
    main_cpu = time.thread_time() - m0
    result = out.get()
    for t in handlers:
        t.join()
    p.join()
    s.close()
    result['server'] = {'acceptLoopWallMs': round(loop * 1e3, 1), 'mainCpuMs': round(main_cpu * 1e3, 1),
                        'acceptUs': round(accept / n * 1e6, 1), 'startUs': round(start / n * 1e6, 1),
                        'perHandlerUs': {k: mean_us(handled, k) for k in handled[0]}}
    print(json.dumps(result))
