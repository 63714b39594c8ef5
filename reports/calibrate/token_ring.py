"""A token passed round a ring of `n` threads over loopback TCP connections: each thread waits in
recv for the token, then sends it to the next. Prints the wall time per hop (µs) for rings of 2 to
100 threads, twice each: one thread's wake-up by another, the handoff every echo load is made of
(MEASUREMENTS-2026-12-07.md, session 7; engine/os-cpu.test.ts pins the model's). It runs unchanged
in the model, `concsim run reports/calibrate/token_ring.py --costs calibrated`, so both figures
come from the same program."""

import socket
import threading
import time


def pairs_of(n):
    srv = socket.create_server(("127.0.0.1", 0))
    port = srv.getsockname()[1]
    out = []
    for _ in range(n):
        a = socket.create_connection(("127.0.0.1", port))
        b, _ = srv.accept()
        out.append((a, b))
    srv.close()
    return out


def ring(n, hops):
    pairs = pairs_of(n)
    count = [0]

    def worker(i):
        rx = pairs[i][1]
        tx = pairs[(i + 1) % n][0]
        while True:
            b = rx.recv(1)
            if not b or b == b"q":
                tx.send(b"q")
                return
            count[0] += 1
            if count[0] >= hops:
                tx.send(b"q")
                return
            tx.send(b"x")

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    time.sleep(0.05)
    w0 = time.perf_counter()
    pairs[0][0].send(b"x")
    for t in ts:
        t.join()
    w1 = time.perf_counter()
    for a, b in pairs:
        a.close()
        b.close()
    return (w1 - w0) / hops * 1e6


for n in [2, 4, 10, 30, 100]:
    print(f"n={n:4d} wall/hop " + " ".join(f"{ring(n, 5000):6.1f}" for _ in range(2)))
