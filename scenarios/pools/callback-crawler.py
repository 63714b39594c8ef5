"""Real twin of callback-crawler.ts: a ThreadPoolExecutor of `workers` "fetches" pages (each a
sleep of latency + bytes / bandwidth, the pages the scenario drew, passed in) and each
future's done-callback appends one line per page to a list. Parameters: JSON in argv[1]
(workers, bandwidth, pages: [[latency, bytes], ...]). Prints JSON: elapsed seconds."""

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

p = {"workers": 5, "bandwidth": 1e6, "pages": [], **json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")}
lines = []


def fetch(latency, size):
    time.sleep(latency + size / p["bandwidth"])
    return "<html>" + "x" * min(size, 64) + "</html>"


t0 = time.perf_counter()
with ThreadPoolExecutor(max_workers=p["workers"], thread_name_prefix="crawler") as pool:
    for i, (latency, size) in enumerate(p["pages"]):
        f = pool.submit(fetch, latency, size)
        f.add_done_callback(lambda done, i=i: lines.append(f"http://example.test/page/{i} {len(done.result())}"))
elapsed = time.perf_counter() - t0
assert len(lines) == len(p["pages"])
print(json.dumps({"elapsed": elapsed}))
