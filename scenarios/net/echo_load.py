"""The real twin of scenarios/net/echo-load.ts: a client load in processes of its own and the
upper-casing echo server written five ways, on real sockets, for `concsim report fidelity`.

The twins (threaded-clients.py, gevent-echo-server.py, io-models.py) call `run(params, model)`
and print its JSON result. As in the scenario: the listener exists first; the clients --
threads of client processes of `per_process` clients each, forked before the server imports
anything -- all start and wait for the go; the server then listens and says go (the start of
the measured span); client i waits i * arrival, connects, and sends its messages one at a
time (`<name> say hello <n>` padded to its size, after a pause drawn from [0, 2 * think]),
reading each reply whole and checking it is the message upper-cased; then it shuts down its
writing side and reads to EOF. The result: seconds from the go to the last client's end,
round-trip latency percentiles in ms (nearest rank, as the scenario computes them), and the CPU
time in ms from the go of the server process and of all processes.
Pauses and sizes are drawn with Python's own `random` (same distributions, other values).
"""

import json
import math
import os
import random
import socket
import threading
import time

HOST = "127.0.0.1"
BUFSIZE = 4096
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def message(name, n, size):
    head = f"{name} say hello {n}"
    if size <= len(head):
        return head.encode()
    pad = " "
    for i in range(1, size - len(head)):
        pad += LETTERS[(i + n) % 26]
    return (head + pad).encode()


def percentile(xs, q):
    if not xs:
        return 0.0
    xs = sorted(xs)
    i = min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))
    return xs[i]


# ---- the clients (in forked processes: plain threads, nothing patched) ----------------------------


def client(index, name, port, p, go, out):
    rng = random.Random(index)
    sizes = [rng.randint(p["minSize"], p["maxSize"]) for _ in range(p["messages"])]
    think = p.get("think", 0)
    pauses = [rng.uniform(0, 2 * think) if think > 0 else 0 for _ in range(p["messages"])]
    go.wait()
    lat = []
    err = None
    s = None
    try:
        arrival = index * p.get("arrival", 0)
        if arrival > 0:
            time.sleep(arrival)
        s = socket.create_connection((HOST, port), timeout=p.get("timeout", 60))
        for n in range(p["messages"]):
            if pauses[n] > 0:
                time.sleep(pauses[n])
            msg = message(name, n, sizes[n])
            want = msg.upper()
            t0 = time.perf_counter()
            s.sendall(msg)
            got = b""
            while len(got) < len(want):
                d = s.recv(len(want) - len(got))
                if not d:
                    break
                got += d
            if got != want:
                err = f"{name} message {n}: got {len(got)} of {len(want)} bytes"
                break
            lat.append((time.perf_counter() - t0) * 1000)
        s.shutdown(socket.SHUT_WR)
        while s.recv(BUFSIZE):
            err = err or f"{name}: bytes after the last reply"
    except OSError as e:
        err = f"{name}: {e!r}"
    finally:
        if s is not None:
            s.close()
    out.append((lat, err, time.monotonic()))


def client_process(first, count, port, p, names, ready_w, go_r, result_w):
    go = threading.Event()
    out = []
    threads = [
        threading.Thread(target=client, args=(first + j, names(first + j), port, p, go, out)) for j in range(count)
    ]
    for t in threads:
        t.start()
    os.write(ready_w, b"r")
    os.read(go_r, 1)
    cpu0 = time.process_time()
    go.set()
    for t in threads:
        t.join()
    lat = [x for r in out for x in r[0]]
    errors = [r[1] for r in out if r[1]]
    end = max((r[2] for r in out), default=time.monotonic())
    cpu = time.process_time() - cpu0
    data = json.dumps({"latencies": lat, "errors": errors[:5], "failed": len(errors), "end": end, "cpu": cpu}).encode()
    view = memoryview(data)
    while view:
        view = view[os.write(result_w, view) :]
    os._exit(0)


class Load:
    """Forks the client processes; `release()` is the go; `join()` gathers their results."""

    def __init__(self, p, per_process, names):
        self.p = p
        self.listener = socket.create_server((HOST, 0), backlog=p.get("backlog", 4096))
        self.port = self.listener.getsockname()[1]
        self.children = []
        clients = p["clients"]
        for first in range(0, clients, per_process):
            count = min(per_process, clients - first)
            ready_r, ready_w = os.pipe()
            go_r, go_w = os.pipe()
            res_r, res_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                self.listener.close()
                client_process(first, count, self.port, p, names, ready_w, go_r, res_w)
            os.close(ready_w)
            os.close(go_r)
            os.close(res_w)
            self.children.append((pid, ready_r, go_w, res_r))
        for _, ready_r, _, _ in self.children:
            os.read(ready_r, 1)
        self.go_at = self.cpu_at = None

    def release(self):
        self.go_at = time.monotonic()
        # The server's CPU counts from here, its imports (gevent's patching, asyncio) before it.
        self.cpu_at = time.process_time()
        for _, _, go_w, _ in self.children:
            os.write(go_w, b"g")

    def join(self):
        lat, errors, failed, end, cpu = [], [], 0, self.go_at, 0.0
        for pid, ready_r, go_w, res_r in self.children:
            chunks = []
            while chunk := os.read(res_r, 1 << 16):
                chunks.append(chunk)
            os.waitpid(pid, 0)
            for fd in (ready_r, go_w, res_r):
                os.close(fd)
            r = json.loads(b"".join(chunks))
            lat += r["latencies"]
            errors += r["errors"]
            failed += r["failed"]
            end = max(end, r["end"])
            cpu += r["cpu"]
        return {
            "elapsed": end - self.go_at,
            "answered": len(lat),
            "messages": self.p["clients"] * self.p["messages"],
            "failedClients": failed,
            "errors": errors[:5],
            "latencyMs": {"p50": percentile(lat, 0.5), "p99": percentile(lat, 0.99)},
            "clientCpuMs": cpu * 1000,
        }


# ---- the servers (in the parent, after the fork) ---------------------------------------------------


def echo(conn):
    with conn:
        while data := conn.recv(BUFSIZE):
            conn.sendall(data.upper())


def thread_server(load, n):
    load.release()
    handlers = []
    for _ in range(n):
        conn, _ = load.listener.accept()
        t = threading.Thread(target=echo, args=(conn,))
        t.start()
        handlers.append(t)
    load.listener.close()
    for t in handlers:
        t.join()


def gevent_server(load, n):
    from gevent import monkey

    monkey.patch_all()
    import socket

    import gevent.event
    import gevent.server

    done = gevent.event.Event()
    closed = [0]

    def handle(conn, _addr):
        try:
            echo(conn)
        finally:
            closed[0] += 1
            if closed[0] == n:
                done.set()

    # The listener was made before patching: rewrap its descriptor as a gevent socket.
    listener = socket.socket(fileno=load.listener.detach())
    server = gevent.server.StreamServer(listener, handle)
    server.start()
    load.release()
    done.wait()
    server.stop()


def polling_server(load, n):
    srv = load.listener
    srv.setblocking(False)
    load.release()
    conns = []  # [sock, out]
    accepted = closed = 0
    while closed < n:
        while accepted < n:
            try:
                s, _ = srv.accept()
            except BlockingIOError:
                break
            s.setblocking(False)
            conns.append([s, b""])
            accepted += 1
        gone = False
        for c in conns:
            sock = c[0]
            if c[1]:
                try:
                    c[1] = c[1][sock.send(c[1]) :]
                except BlockingIOError:
                    pass
            try:
                data = sock.recv(BUFSIZE)
            except BlockingIOError:
                continue
            except ConnectionError:
                data = b""
            if not data:
                sock.close()
                c[0] = None
                closed += 1
                gone = True
                continue
            c[1] += data.upper()
            try:
                c[1] = c[1][sock.send(c[1]) :]
            except BlockingIOError:
                pass
        if gone:
            conns = [c for c in conns if c[0] is not None]
    srv.close()


def epoll_server(load, n):
    import select

    srv = load.listener
    srv.setblocking(False)
    ep = select.epoll()
    ep.register(srv.fileno(), select.EPOLLIN)
    conns = {}
    closed = 0
    load.release()
    while closed < n:
        for fd, ev in ep.poll():
            if fd == srv.fileno():
                while True:
                    try:
                        s, _ = srv.accept()
                    except BlockingIOError:
                        break
                    s.setblocking(False)
                    conns[s.fileno()] = [s, b""]
                    ep.register(s.fileno(), select.EPOLLIN)
                continue
            c = conns[fd]
            sock = c[0]
            if ev & select.EPOLLOUT and c[1]:
                try:
                    c[1] = c[1][sock.send(c[1]) :]
                except BlockingIOError:
                    pass
            if ev & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR):
                try:
                    data = sock.recv(BUFSIZE)
                except BlockingIOError:
                    data = None
                except ConnectionError:
                    data = b""
                if data == b"":
                    ep.unregister(fd)
                    del conns[fd]
                    sock.close()
                    closed += 1
                    continue
                if data:
                    c[1] += data.upper()
                    try:
                        c[1] = c[1][sock.send(c[1]) :]
                    except BlockingIOError:
                        pass
            ep.modify(fd, select.EPOLLIN | select.EPOLLOUT if c[1] else select.EPOLLIN)
    ep.close()
    srv.close()


def asyncio_server(load, n):
    import asyncio

    async def main():
        done = asyncio.get_running_loop().create_future()
        closed = [0]

        async def handle(reader, writer):
            try:
                while data := await reader.read(BUFSIZE):
                    writer.write(data.upper())
                    await writer.drain()
            except ConnectionError:
                pass
            finally:
                writer.close()
                closed[0] += 1
                if closed[0] == n:
                    done.set_result(None)

        # start_server listens again with its own backlog (asyncio's default, 100, would drop
        # the SYNs of a fast load that the scenario's listener queues): pass the load's.
        server = await asyncio.start_server(handle, sock=load.listener, backlog=load.p.get("backlog", 100))
        load.release()
        await done
        server.close()
        await server.wait_closed()

    asyncio.run(main())


SERVERS = {
    "thread": thread_server,
    "gevent": gevent_server,
    "polling": polling_server,
    "epoll": epoll_server,
    "asyncio": asyncio_server,
}


def run(p, model, per_process=None, names=None):
    load = Load(p, per_process or p["clients"], names or (lambda i: f"client-{i + 1}"))
    SERVERS[model](load, p["clients"])
    server_cpu = time.process_time() - load.cpu_at
    result = load.join()
    # As the scenario counts them, from the go: the server process's CPU, and all processes'.
    result["serverCpuMs"] = server_cpu * 1000
    result["cpuMs"] = result["serverCpuMs"] + result.pop("clientCpuMs")
    return result
