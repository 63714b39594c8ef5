"""Micro-benchmarks of CPython for `concsim calibrate` (reports/calibrate/calibrate.ts).

Usage: python3 microbench.py NAME [SCALE]   (SCALE multiplies the iteration counts; 1 by default)

Each benchmark prints one JSON object on stdout: the cost-model constants it measures
(engine/costs.ts), in the model's units -- microseconds, or nanoseconds for the `...Ns`
constants, or a ratio. calibrate runs each several times and keeps the median. The
benchmarks measure wall time with time.perf_counter on an otherwise idle machine: what the
model charges as CPU is what these calls take when nothing else runs.
"""

import json
import math
import os
import pickle
import select
import socket
import sys
import threading
import time

SCALE = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0


def n(base):
    return max(1, int(base * SCALE))


def us(seconds):
    return seconds * 1e6


def noop():
    pass


# ---- threads -------------------------------------------------------------------------------


def bench_threads():
    """threadStart: the starter's CPU (thread_time) across `threading.Thread(target=f).start()`
    of threads that block at once, started back to back as a server's loop starts them, with
    others alive -- Thread()'s and start()'s Python, pthread_create under the GIL, and the wait
    for `_started` (the model's own charges for that wait, its wake-ups and switches, come on
    top); threadBootstrap: the new thread's own CPU (thread_time) on entering its target, each
    started alone -- its bootstrap under the GIL up to `_started.set()`; threadJoin: join of a
    finished thread; threadExit: the CPU of threads that end after a wake-up, less that of
    threads that wait again instead (the teardown after the joiners are woken: pthread_exit,
    the stack unmapped)."""
    import _thread

    count = n(200)
    hold = threading.Lock()
    hold.acquire()
    started = []

    def parked():
        started.append(time.thread_time())
        hold.acquire()
        hold.release()

    for _ in range(count):  # threads alive, as a server's handlers are
        _thread.start_new_thread(parked, ())
        time.sleep(0.0005)
    for _ in range(count):
        threading.Thread(target=parked, daemon=True).start()
        time.sleep(0.0005)  # the new thread runs its bootstrap alone
    boot = started[count:]
    create = []
    for _ in range(count):
        c0 = time.thread_time()
        threading.Thread(target=parked, daemon=True).start()
        create.append(time.thread_time() - c0)
    hold.release()
    threads = [threading.Thread(target=noop) for _ in range(count)]
    for t in threads:
        t.start()
    time.sleep(0.05)
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    join = (time.perf_counter() - t0) / count
    exits = n(100)  # as many as a client process of io-models has: the cost grows with them
    ended = _wake_cpu(exits, True) - _wake_cpu(exits, False)
    return {
        "threadStart": us(_median(create)),
        "threadBootstrap": us(_median(boot)),
        "threadJoin": us(join),
        "threadExit": max(0.0, us(ended)),
    }


def _median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def _wake_cpu(count, end):
    """Process CPU per thread, over 100 ms, of `count` threads woken at once from an Event,
    which then end (`end`) or wait again on a second Event."""
    first, second = threading.Event(), threading.Event()
    threads = [threading.Thread(target=first.wait if end else lambda: (first.wait(), second.wait())) for _ in range(count)]
    for t in threads:
        t.start()
    time.sleep(0.05)
    c0 = time.process_time()
    first.set()
    time.sleep(0.1)
    cpu = (time.process_time() - c0) / count
    second.set()
    for t in threads:
        t.join()
    return cpu


RESUME_PAUSES_MS = (1, 5, 20, 50, 100, 200)


def bench_resume():
    """coldResume, coldAfter, firstResume: what a thread woken while another holds the GIL
    spends -- its switch in, its wait's return, take_gil finding the GIL held, the wait on the
    GIL's condition variable, the switch out -- against how long it slept. 50 threads wait on
    an Event; the main thread sets it and keeps the GIL 2 ms (under the 5 ms switch interval),
    so each woken thread runs once and sleeps again; their CPU per thread is the process's
    (getrusage) less the main thread's. Rounds after pauses of 1 ms (the near-hot cycle, which
    switchCost covers) to 200 ms, 20 of each: coldResume and coldAfter fit the extra over the
    1 ms rounds to coldResume * (1 - exp(-pause / coldAfter)); firstResume: a new batch's first round (the
    threads' first wake-up since they started) less its second, both after 100 ms, 5 batches."""
    count, rounds = 50, 20
    per = {p: _median(xs) for p, xs in _resume_rounds(count, [p / 1000 for p in RESUME_PAUSES_MS] * rounds).items()}
    extra = {p: per[p / 1000] - per[RESUME_PAUSES_MS[0] / 1000] for p in RESUME_PAUSES_MS[1:]}
    best = None
    for i in range(60):  # coldAfter on a log scale, 0.5 ms to 500 ms
        tau = 0.5 * 10 ** (i / 20)
        g = {p: 1 - math.exp(-p / tau) for p in extra}
        c = max(0.0, sum(extra[p] * g[p] for p in extra) / sum(x * x for x in g.values()))
        err = sum((extra[p] - c * g[p]) ** 2 for p in extra)
        if best is None or err < best[0]:
            best = (err, c, tau)
    firsts = []
    for _ in range(5):
        xs = _resume_rounds(count, [0.1, 0.1], keep_first=True)
        firsts.append(xs["first"] - xs[0.1][0])
    return {
        "coldResume": us(best[1]),
        "coldAfter": best[2] * 1000,
        "firstResume": max(0.0, us(_median(firsts))),
    }


def _resume_rounds(count, pauses, keep_first=False):
    """CPU per woken thread of each round of bench_resume, by pause (the first under "first")."""
    import resource

    events = [threading.Event() for _ in pauses]

    def waiter():
        for e in events:
            e.wait()

    def cpu():
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime - time.thread_time()

    threads = [threading.Thread(target=waiter) for _ in range(count)]
    for t in threads:
        t.start()
    out = {}
    for i, (pause, e) in enumerate(zip(pauses, events)):
        time.sleep(pause)
        c0 = cpu()
        e.set()
        end = time.perf_counter() + 0.002
        while time.perf_counter() < end:
            pass
        took = (cpu() - c0) / count
        if keep_first and i == 0:
            out["first"] = took
        else:
            out.setdefault(pause, []).append(took)
    for t in threads:
        t.join()
    return out


def bench_lock():
    """lockNs: an uncontended acquire + release."""
    lock = threading.Lock()
    count = n(1_000_000)
    acq, rel = lock.acquire, lock.release
    t0 = time.perf_counter()
    for _ in range(count):
        acq()
        rel()
    total = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(count):
        pass
    empty = time.perf_counter() - t0
    return {"lockNs": (total - empty) / count * 1e9}


def spin(iterations):
    x = 0
    for i in range(iterations):
        x += i
    return x


def bench_gil():
    """gilHandoff: two CPU-bound threads at the default 5 ms switch interval (the model's),
    against the same work done serially: the time lost per forced switch."""
    work = n(4_000_000)
    t0 = time.perf_counter()
    spin(work)
    spin(work)
    serial = time.perf_counter() - t0
    ts = [threading.Thread(target=spin, args=(work,)) for _ in range(2)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    both = time.perf_counter() - t0
    switches = both / sys.getswitchinterval()
    return {"gilHandoff": max(0.0, us(both - serial) / switches)}


def bench_pystatement():
    """pyStatementNs: one `x = x + i` statement with its loop."""
    count = n(3_000_000)
    t0 = time.perf_counter()
    spin(count)
    return {"pyStatementNs": (time.perf_counter() - t0) / count * 1e9}


def bench_parallel():
    """parallelSlowdown: a CPU loop in two processes at once, against one alone (needs 2 cores);
    oversubscribedSlowdown: twice as many processes as cores, against the work that parallelSlowdown predicts."""
    work = n(5_000_000)
    cores = os.cpu_count() or 1

    def timed(w):
        r, wr = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            t0 = time.perf_counter()
            spin(w)
            os.write(wr, repr(time.perf_counter() - t0).encode())
            os._exit(0)
        os.close(wr)
        return pid, r

    def collect(pid, r):
        data = b""
        while chunk := os.read(r, 64):
            data += chunk
        os.close(r)
        os.waitpid(pid, 0)
        return float(data)

    def together(k):
        procs = [timed(work) for _ in range(k)]
        return sum(collect(*p) for p in procs) / k

    alone = collect(*timed(work))
    if cores < 2:
        return {"parallelSlowdown": 0.0, "oversubscribedSlowdown": 0.0}
    slowdown = max(0.0, together(cores) / alone - 1)
    # 2 x cores processes share the cores: each takes 2 x (1 + (cores - 1) x slowdown) as long, ideally.
    ideal = 2 * alone * (1 + (cores - 1) * slowdown)
    over = max(0.0, together(2 * cores) / ideal - 1)
    return {"parallelSlowdown": slowdown / (cores - 1), "oversubscribedSlowdown": over}


# ---- sockets -------------------------------------------------------------------------------


def _tcp_pair():
    """Both ends of a loopback TCP connection."""
    server = socket.create_server(("127.0.0.1", 0))
    a = socket.create_connection(server.getsockname())
    b, _ = server.accept()
    server.close()
    return a, b


def bench_socket_calls():
    """socketSend, socketRecv: a 64-byte send on a loopback TCP connection and the recv that
    reads it on the other end, in turn (so each send goes out at once, as a request does; the
    send includes Linux's delivery to the peer, done within the call); socketCall: a recv
    that raises BlockingIOError; socketControl: setblocking, alternately on and off (its
    ioctl); epollCtl: an epoll register and an unregister, per call (epoll_ctl); socketSetup: bind,
    listen, select.epoll() and its close, per call."""
    a, b = _tcp_pair()
    count = n(10_000)
    msg = b"x" * 64
    pc = time.perf_counter
    send = recv = 0.0
    for _ in range(count):
        t0 = pc()
        a.send(msg)
        t1 = pc()
        b.recv(64)
        t2 = pc()
        send += t1 - t0
        recv += t2 - t1
    empty = 0.0
    for _ in range(count):
        t0 = pc()
        t1 = pc()
        empty += t1 - t0
    send = (send - empty) / count
    recv = (recv - empty) / count
    b.setblocking(False)
    t0 = pc()
    for _ in range(count):
        try:
            b.recv(1)
        except BlockingIOError:
            pass
    call = (pc() - t0) / count
    t0 = pc()
    for i in range(count):
        b.setblocking(i & 1 == 0)
    control = (pc() - t0) / count
    ep = select.epoll()
    t0 = pc()
    for i in range(count):
        ep.register(b, select.EPOLLIN)
        ep.unregister(b)
    ctl = (pc() - t0) / count / 2
    ep.close()
    a.close()
    b.close()
    socks = [socket.socket() for _ in range(n(1000))]
    t0 = pc()
    for s in socks:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
    polls = [select.epoll() for _ in socks]
    for e in polls:
        e.close()
    setup = (pc() - t0) / (4 * len(socks))
    for s in socks:
        s.close()
    return {
        "socketSend": us(send),
        "socketRecv": us(recv),
        "socketCall": us(call),
        "socketControl": us(control),
        "epollCtl": us(ctl),
        "socketSetup": us(setup),
    }


# File system calls of the IDNA codec's import (models/net/idna.ts's IDNA_IMPORT_CALLS).
IDNA_IMPORT_CALLS = 29


def bench_connect():
    """socketOpen (socket.socket()), socketConnect (a blocking connect on loopback),
    socketAccept, socketClose (per socket), getaddrinfo (of the numeric address, as
    create_connection calls it, the first call excluded), fileCall (os.stat of a module's
    source), codecImport (the first getaddrinfo's surplus, its file system calls excluded:
    the IDNA codec's import)."""
    lsock = socket.create_server(("127.0.0.1", 0), backlog=4096)
    addr = lsock.getsockname()
    count = n(300)
    open_t = conn_t = acc_t = close_t = 0.0
    pairs = []
    for _ in range(count):
        t0 = time.perf_counter()
        c = socket.socket()
        t1 = time.perf_counter()
        c.connect(addr)
        t2 = time.perf_counter()
        s, _ = lsock.accept()
        t3 = time.perf_counter()
        open_t += t1 - t0
        conn_t += t2 - t1
        acc_t += t3 - t2
        pairs.append((c, s))
    t0 = time.perf_counter()
    for c, s in pairs:
        s.close()
        c.close()
    close_t = (time.perf_counter() - t0) / 2
    # The first getaddrinfo of the process imports the IDNA codec (models/net/idna.ts).
    t0 = time.perf_counter()
    socket.getaddrinfo(addr[0], addr[1], 0, socket.SOCK_STREAM)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(count):
        socket.getaddrinfo(addr[0], addr[1], 0, socket.SOCK_STREAM)
    gai = (time.perf_counter() - t0) / count
    path = os.path.join(os.path.dirname(os.__file__), "stringprep.py")
    t0 = time.perf_counter()
    for _ in range(count):
        os.stat(path)
    stat = (time.perf_counter() - t0) / count
    lsock.close()
    return {
        "getaddrinfo": us(gai),
        "fileCall": us(stat),
        "codecImport": max(0.0, us(first - gai) - IDNA_IMPORT_CALLS * us(stat)),
        "socketOpen": us(open_t / count),
        "socketConnect": us(conn_t / count),
        "socketAccept": us(acc_t / count),
        "socketClose": us(close_t / count),
    }


def _wake_latency(idle_us, count):
    """Median seconds from one thread's release of a Lock to the return of another's acquire
    that waited on it, when the other's core has been idle about idle_us (the releaser spins
    that long first, then blocks on a second Lock, leaving the GIL free): the OS's wake-up
    of a blocked thread and its GIL taken back, with no system call of its own."""
    go, back = threading.Lock(), threading.Lock()
    go.acquire()
    back.acquire()
    pc = time.perf_counter
    lat = []
    released_at = [0.0]

    def waiter():
        for _ in range(count):
            go.acquire()
            lat.append(pc() - released_at[0])
            back.release()

    t = threading.Thread(target=waiter)
    t.start()
    for _ in range(count):
        end = pc() + idle_us / 1e6
        while pc() < end:
            pass
        released_at[0] = pc()
        go.release()
        back.acquire()
    t.join()
    lat = sorted(lat[count // 10 :])
    return lat[len(lat) // 2]


IDLE_SCAN_US = (25, 50, 100, 150, 200, 300, 500, 1000)


def _write_cost(gap_us, count, reader):
    """Median seconds of an os.write to a pipe every gap_us, with another thread blocked
    reading it (reader) or nobody reading."""
    r, w = os.pipe()
    pc = time.perf_counter
    took = []
    t = None
    if reader:
        t = threading.Thread(target=lambda: [os.read(r, 1) for _ in range(count)])
        t.start()
    for _ in range(count):
        end = pc() + gap_us / 1e6
        while pc() < end:
            pass
        t0 = pc()
        os.write(w, b"x")
        took.append(pc() - t0)
    if t is not None:
        t.join()
    os.close(r)
    os.close(w)
    took.sort()
    return took[len(took) // 2]


def bench_wakeup():
    """contextSwitch: waking a thread onto a core idle 50 us (a Lock's release to the return
    of the acquire blocked on it, see _wake_latency); wakeIdle: the same onto a core idle 1 ms;
    wakeIdleAfter: the shortest idle time of a scan whose wake-up is nearer wakeIdle;
    wakeSignal, wakeSignalIdle: what the waker spends, an os.write that wakes a blocked
    reader less one that wakes nobody, every 50 us and every 1 ms; loopbackLatency: 0, as a
    loopback send delivers within the call (the receive path runs in the sender's softirq),
    so a blocked receiver waits for its wake-up alone."""
    count = n(300)
    scan = {idle: us(_wake_latency(idle, count)) for idle in IDLE_SCAN_US}
    fast, deep = scan[50], scan[1000]
    after = next((idle for idle in IDLE_SCAN_US if scan[idle] - fast > deep - scan[idle]), IDLE_SCAN_US[-1])
    signal = {gap: max(0.0, us(_write_cost(gap, count, True) - _write_cost(gap, count, False))) for gap in (50, 1000)}
    return {
        "contextSwitch": fast,
        "wakeIdle": deep,
        "wakeIdleAfter": after,
        "wakeSignal": signal[50],
        "wakeSignalIdle": signal[1000],
        "loopbackLatency": 0.0,
    }


def _kernel_hz():
    """CONFIG_HZ of the running kernel, from /proc/config.gz or /boot/config-<release>; None if neither says."""
    import gzip

    for path, opener in (("/proc/config.gz", gzip.open), (f"/boot/config-{os.uname().release}", open)):
        try:
            with opener(path, "rt") as f:
                for line in f:
                    if line.startswith("CONFIG_HZ="):
                        return int(line.split("=", 1)[1])
        except (OSError, ValueError):
            continue
    return None


def _cpu_count(cpulist):
    """How many CPUs a sysfs cpulist ("0-3,8") names."""
    total = 0
    for part in cpulist.strip().split(","):
        if part:
            lo, _, hi = part.partition("-")
            total += int(hi or lo) - int(lo) + 1
    return total


def bench_scheduler():
    """Read, not timed: schedTick, the scheduler tick (1 / CONFIG_HZ; Linux's common 250 if the
    kernel's config is not readable); llcCores, the CPUs sharing cpu0's last-level cache as
    sysfs describes them (1 if it describes no cache: the scheduler then has no cache domain
    to search for an idle CPU at a wake-up)."""
    hz = _kernel_hz() or 250
    base = "/sys/devices/system/cpu/cpu0/cache"
    llc, level = 1, -1
    try:
        for entry in os.listdir(base):
            if not entry.startswith("index"):
                continue
            with open(f"{base}/{entry}/level") as f:
                lv = int(f.read())
            with open(f"{base}/{entry}/shared_cpu_list") as f:
                cpus = _cpu_count(f.read())
            if lv > level:
                llc, level = cpus, lv
    except (OSError, ValueError):
        pass
    return {"schedTick": 1e6 / hz, "llcCores": llc}


def bench_poll():
    """pollCall (epoll.poll with one ready fd) and pollNsPerFd (select over 1 and 400 ready fds)."""
    pairs = [socket.socketpair() for _ in range(200)]
    for a, _ in pairs:
        a.send(b"x")
    ready = [b for _, b in pairs] + [a for a, _ in pairs]  # readable, then writable: all ready
    ep = select.epoll()
    ep.register(pairs[0][1].fileno(), select.EPOLLIN)
    count = n(20_000)
    t0 = time.perf_counter()
    for _ in range(count):
        ep.poll(0)
    poll = (time.perf_counter() - t0) / count
    ep.close()
    few = n(2_000)
    one = ready[:1]
    t0 = time.perf_counter()
    for _ in range(few):
        select.select(one, [], [], 0)
    t1 = (time.perf_counter() - t0) / few
    many = ready[:400]
    t0 = time.perf_counter()
    for _ in range(few):
        select.select(many, [], [], 0)
    t400 = (time.perf_counter() - t0) / few
    for a, b in pairs:
        a.close()
        b.close()
    return {"pollCall": us(poll), "pollNsPerFd": max(0.0, (t400 - t1) / 399 * 1e9)}


def bench_delayed_ack():
    """delayedAck: write-write-read round trips over loopback with Nagle on, less with TCP_NODELAY."""
    lsock = socket.create_server(("127.0.0.1", 0))
    addr = lsock.getsockname()
    rounds = max(3, n(8))

    def server():
        for _ in range(2):
            s, _ = lsock.accept()
            while True:
                got = b""
                while len(got) < 200:
                    d = s.recv(4096)
                    if not d:
                        s.close()
                        break
                    got += d
                else:
                    s.sendall(b"y")
                    continue
                break

    t = threading.Thread(target=server)
    t.start()

    def trips(nodelay):
        c = socket.create_connection(addr)
        if nodelay:
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        times = []
        for i in range(rounds + 4):  # the first few ride Linux's quick-ACK mode
            t0 = time.perf_counter()
            c.send(b"a" * 100)
            c.send(b"b" * 100)
            c.recv(1)
            if i >= 4:
                times.append(time.perf_counter() - t0)
        c.close()
        times.sort()
        return times[len(times) // 2]

    nagle = trips(False)
    nodelay = trips(True)
    t.join()
    lsock.close()
    return {"delayedAck": max(0.0, us(nagle - nodelay))}


# ---- processes -------------------------------------------------------------------------------


def _child(conn, started):
    conn.send(("first", time.monotonic()))
    conn.send(("end", time.monotonic()))
    conn.close()


def bench_fork():
    """forkParent (Process.start in the parent), processStartFork (start to the child's first line), processExit."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    count = n(20)
    parent_t = first_t = exit_t = 0.0
    for _ in range(count):
        r, w = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_child, args=(w, None))
        t0 = time.monotonic()
        p.start()
        t1 = time.monotonic()
        first = r.recv()[1]
        end = r.recv()[1]
        p.join()
        t2 = time.monotonic()
        parent_t += t1 - t0
        first_t += first - t0
        exit_t += t2 - end
        r.close()
        w.close()
    return {
        "forkParent": us(parent_t / count),
        "processStartFork": us(first_t / count),
        "processExit": us(exit_t / count),
    }


def _pong(conn, count):
    for _ in range(count):
        conn.send(conn.recv())


def bench_ipc():
    """ipcMessage: half a round trip of a small object over a multiprocessing Pipe between two processes."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    a, b = ctx.Pipe()
    count = n(3_000)
    p = ctx.Process(target=_pong, args=(b, count))
    p.start()
    a.send(0)
    a.recv()
    t0 = time.perf_counter()
    for i in range(count - 1):
        a.send(i)
        a.recv()
    rtt = (time.perf_counter() - t0) / (count - 1)
    p.join()
    return {"ipcMessage": us(rtt) / 2}


def bench_pickle():
    """pickleNsPerByte (1 MB of bytes) and pickleNsPerObject (list(range(100_000))), dumps + loads."""
    blob = os.urandom(n(1_000_000))
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        pickle.loads(pickle.dumps(blob))
    per_byte = (time.perf_counter() - t0) / reps / len(blob) / 2  # each way
    objs = list(range(n(100_000)))
    size = len(pickle.dumps(objs))
    t0 = time.perf_counter()
    for _ in range(reps):
        pickle.loads(pickle.dumps(objs))
    per_list = (time.perf_counter() - t0) / reps / 2
    per_obj = max(0.0, per_list - size * per_byte) / (len(objs) + 1)
    return {"pickleNsPerByte": per_byte * 1e9, "pickleNsPerObject": per_obj * 1e9}


def bench_pool():
    """poolStartup, poolShutdown: `with ProcessPoolExecutor(1)` running one task, less a bare
    Process's start, run and join; the rest is split evenly between start-up and shutdown."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork")
    reps = n(10)
    t0 = time.perf_counter()
    for _ in range(reps):
        p = ctx.Process(target=noop)
        p.start()
        p.join()
    bare = (time.perf_counter() - t0) / reps
    t0 = time.perf_counter()
    for _ in range(reps):
        with ProcessPoolExecutor(1, mp_context=ctx) as ex:
            ex.submit(noop).result()
    pool = (time.perf_counter() - t0) / reps
    fixed = max(0.0, pool - bare)
    return {"poolStartup": us(fixed) / 2, "poolShutdown": us(fixed) / 2}


# ---- event loops ---------------------------------------------------------------------------


def bench_asyncio():
    """loopCallback (a call_soon chain), loopIteration (an `await asyncio.sleep(0)` round, less a
    callback), streamCall (an asyncio streams echo round trip on loopback in one loop, less
    what the model charges apart for it, per read or write)."""
    import asyncio

    count = n(100_000)

    async def chain():
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        left = [count]

        def step():
            left[0] -= 1
            if left[0] == 0:
                done.set_result(None)
            else:
                loop.call_soon(step)

        t0 = time.perf_counter()
        loop.call_soon(step)
        await done
        per_cb = (time.perf_counter() - t0) / count
        t0 = time.perf_counter()
        for _ in range(count):
            await asyncio.sleep(0)
        per_iter = (time.perf_counter() - t0) / count
        return per_cb, per_iter

    per_cb, per_iter = asyncio.run(chain())
    rounds = n(5_000)

    async def echo():
        async def handle(reader, writer):
            while data := await reader.read(4096):
                writer.write(data.upper())
                await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        reader, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
        msg = b"x" * 64
        t0 = time.perf_counter()
        for _ in range(rounds):
            writer.write(msg)
            await writer.drain()
            await reader.read(4096)
        rtt = (time.perf_counter() - t0) / rounds
        writer.close()
        await writer.wait_closed()
        await asyncio.sleep(0.01)  # the handler sees EOF and ends
        server.close()
        await server.wait_closed()
        return rtt

    rtt = asyncio.run(echo())
    calls = bench_socket_calls()
    poll = bench_poll()
    # A round trip: two reads and two writes through the streams, each read a _read_ready
    # callback and a Task wake-up callback, two loop iterations with a poll: the rest is
    # the streams' own Python, per read or write.
    charged = (
        2 * (calls["socketSend"] + calls["socketRecv"])
        + 4 * us(per_cb)
        + 2 * (us(per_iter - per_cb) + poll["pollCall"] + poll["pollNsPerFd"] / 1000)
    )
    return {
        "loopCallback": us(per_cb),
        "loopIteration": max(0.0, us(per_iter - per_cb)),
        "streamCall": max(0.0, (us(rtt) - charged) / 4),
    }


BENCHES = {
    "threads": bench_threads,
    "lock": bench_lock,
    "resume": bench_resume,
    "gil": bench_gil,
    "pystatement": bench_pystatement,
    "parallel": bench_parallel,
    "socket-calls": bench_socket_calls,
    "connect": bench_connect,
    "wakeup": bench_wakeup,
    "scheduler": bench_scheduler,
    "poll": bench_poll,
    "delayed-ack": bench_delayed_ack,
    "fork": bench_fork,
    "ipc": bench_ipc,
    "pickle": bench_pickle,
    "pool": bench_pool,
    "asyncio": bench_asyncio,
}

if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if name == "list":
        print(json.dumps(sorted(BENCHES)))
    elif name not in BENCHES:
        sys.exit(f"unknown benchmark {name!r}: one of {', '.join(sorted(BENCHES))}")
    else:
        print(json.dumps(BENCHES[name]()))
