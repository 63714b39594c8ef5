"""Real twin of io-models.ts: one echo load (client processes of 100 threads each) served by
one of the five servers: thread, gevent (needs gevent), polling, epoll or asyncio.
Parameters: JSON in argv[1] (model, clients, messages, size, think, arrival, timeout); `all`
is not accepted: run one model per process, as patching is for good. Prints JSON as
threaded-clients.py does."""

import json
import sys

from echo_load import run

p = {
    "model": "thread",
    "clients": 50,
    "messages": 3,
    "size": 64,
    "think": 0.002,
    "arrival": 0.00001,
    "timeout": 60,
    **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}"),
}
p.update(minSize=p["size"], maxSize=p["size"], backlog=4096)
print(json.dumps(run(p, p["model"], per_process=100)))
