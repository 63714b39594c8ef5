"""Real twin of gil-contention.ts: `threads` threads of one process, each with its own loopback
TCP connection, released together by an Event, share `calls` rounds of a 64-byte send and the
recv that reads it back; with `cores`, the process is pinned to that many of its CPUs first.
Parameters: JSON in argv[1]. Prints JSON: elapsed seconds from the go to the last thread's end,
the process's CPU seconds meanwhile, and the rounds made."""

import json
import os
import resource
import socket
import sys
import threading
import time

p = {"threads": 10, "calls": 20000, **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")}
if "cores" in p:
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[: p["cores"]])
server = socket.create_server(("127.0.0.1", 0), backlog=p["threads"])
pairs = []
for _ in range(p["threads"]):
    a = socket.create_connection(server.getsockname())
    b, _ = server.accept()
    pairs.append((a, b))
go = threading.Event()
rounds = p["calls"] // p["threads"]
message = b"x" * 64


def run(a, b):
    go.wait()
    for _ in range(rounds):
        a.send(message)
        b.recv(len(message))


threads = [threading.Thread(target=run, args=pair) for pair in pairs]
for t in threads:
    t.start()
time.sleep(0.05)


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


c0 = cpu()
t0 = time.perf_counter()
go.set()
for t in threads:
    t.join()
elapsed = time.perf_counter() - t0
print(json.dumps({"elapsed": elapsed, "cpu": cpu() - c0, "rounds": rounds * p["threads"]}))
