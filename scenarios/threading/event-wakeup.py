"""Real twin of event-wakeup.ts: `waiters` threads wait on one Event (with `timeout`, or none),
a setter thread sets it after `setAfter` seconds (and clears it at once with clearAfterSet).
Parameters: JSON in argv[1]. Prints JSON: elapsed seconds from the first start to the last join,
and how many waits returned True."""

import json
import sys
import threading
import time

p = {"waiters": 3, "timeout": None, "setAfter": 1, "clearAfterSet": False, **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")}
event = threading.Event()
returned = []


def waiter():
    returned.append(event.wait(p["timeout"]))


def setter():
    time.sleep(p["setAfter"])
    event.set()
    if p["clearAfterSet"]:
        event.clear()


t0 = time.perf_counter()
threads = [threading.Thread(target=waiter) for _ in range(p["waiters"])] + [threading.Thread(target=setter)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps({"elapsed": time.perf_counter() - t0, "returnedTrue": sum(returned)}))
