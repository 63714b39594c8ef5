# The study note's crawler, the Python twin of callback-crawler.ts, one program for both
# sides of `concsim report fidelity` (`concsim run` in virtual time, python3 for real): a
# ThreadPoolExecutor of WORKERS "fetches" PAGES pages, each a wait of its latency plus its
# size over BANDWIDTH (the note fetched with requests.get; a sleep does the same waiting on
# any machine), and each future's done-callback, run in the thread that completed it,
# appends one line per page; the list ends with one line per page. The last line printed is
# JSON with the elapsed seconds of the pool's `with` block.
# Parameters: the constants below, or on real CPython a JSON object in argv[1] with the
# scenario's keys (workers, bandwidth, pages: the [latency, bytes] pairs the scenario drew).
from concurrent.futures import ThreadPoolExecutor
import json, random, sys, time

PAGES = 20
WORKERS = 5
LATENCY = 0.2
BANDWIDTH = 1000000

lines = []

def get_page(url, latency, size, bandwidth):
    time.sleep(latency + size / bandwidth)
    return {'url': url, 'text': '<html>' + 'x' * min(size, 64) + '</html>'}

def parse_page(res):
    res = res.result()
    lines.append('url:<%s> size:[%s]' % (res['url'], len(res['text'])))

if __name__ == '__main__':
    given = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    bandwidth = given.get('bandwidth', BANDWIDTH)
    pages = given.get('pages') or [
        [round(LATENCY * (0.5 + random.random()), 6), 1000 + random.randrange(200000)] for _ in range(PAGES)
    ]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(given.get('workers', WORKERS), thread_name_prefix='crawler') as p:
        for i, (latency, size) in enumerate(pages):
            url = 'http://example.test/page/%d' % i
            p.submit(get_page, url, latency, size, bandwidth).add_done_callback(parse_page)
    elapsed = time.perf_counter() - t0
    print(len(lines), 'lines')
    assert sorted(l.split('>')[0] for l in lines) == sorted('url:<http://example.test/page/%d' % i for i in range(len(pages)))
    print(json.dumps({'elapsed': elapsed}))
