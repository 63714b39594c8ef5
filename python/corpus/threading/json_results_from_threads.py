# Checks results gathered by threads into a dict, then dumped as JSON with sorted keys.
import json
import threading
lock = threading.Lock()
report = {}
def measure(name, values):
    stats = {'n': len(values), 'sum': sum(values), 'max': max(values)}
    with lock:
        report[name] = stats
jobs = {'beta': [3, 1, 4], 'alpha': [1, 5], 'gamma': [9, 2, 6, 5]}
threads = [threading.Thread(target=measure, args=item) for item in jobs.items()]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps(report, sort_keys=True))
print(json.dumps(report, sort_keys=True, indent=1).count('\n'))
