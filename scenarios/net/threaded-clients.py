"""Real twin of threaded-clients.ts: `clients` client threads (a clients process) say hello
`messages` times each to a thread-per-connection echo server. Parameters: a JSON object in
argv[1] with the scenario's keys (clients, messages, think). Prints JSON: elapsed seconds from
the go to the last client's end, latency percentiles (ms), answered messages."""

import json
import sys

from echo_load import run

p = {"clients": 500, "messages": 3, "think": 0.001, **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")}
p.update(minSize=0, maxSize=0, backlog=1024, timeout=60)
print(json.dumps(run(p, "thread", names=lambda i: f"Thread-{i + 1} (client)")))
