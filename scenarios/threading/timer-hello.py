"""Real twin of timer-hello.ts: `Timer(interval, hello).start()`, cancelled at `cancelAt` if
given, then joined. Parameters: JSON in argv[1]. Prints JSON: elapsed seconds from start() to
the end of join(), and when hello ran (seconds after start(), or null)."""

import json
import sys
import threading
import time

p = {"interval": 1, "cancelAt": None, **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")}
hello = []
t0 = time.perf_counter()
timer = threading.Timer(p["interval"], lambda: hello.append(time.perf_counter() - t0))
timer.start()
if p["cancelAt"] is not None:
    time.sleep(p["cancelAt"])
    timer.cancel()
timer.join()
print(json.dumps({"elapsed": time.perf_counter() - t0, "hello": hello[0] if hello else None}))
