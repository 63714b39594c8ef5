"""Real twin of gevent-echo-server.ts (run it with a CPython where gevent imports): a clients
process of `clients` threads, then `monkey.patch_all()` and a StreamServer upper-casing what
each client sends, a greenlet per connection. Parameters: JSON in argv[1] (clients, messages,
minSize, maxSize, think). Prints JSON as threaded-clients.py does."""

import json
import sys

from echo_load import run

p = {
    "clients": 50,
    "messages": 4,
    "minSize": 16,
    "maxSize": 8192,
    "think": 0.001,
    **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}"),
}
p.update(minSize=min(p["minSize"], p["maxSize"]), backlog=1024, timeout=60)
print(json.dumps(run(p, "gevent")))
