# Checks grouping records into nested dicts and lists, then deterministic sorted reporting.
records = [('eng', 'ann', 120), ('ops', 'bob', 90), ('eng', 'cid', 100), ('ops', 'dee', 95), ('hr', 'eve', 70)]
by_dept = {}
for dept, name, pay in records:
    by_dept.setdefault(dept, {'people': [], 'total': 0})
    by_dept[dept]['people'].append(name)
    by_dept[dept]['total'] += pay
print(by_dept)
for dept in sorted(by_dept, key=lambda d: -by_dept[d]['total']):
    info = by_dept[dept]
    print(f"{dept:<4}{info['total']:>5} {', '.join(sorted(info['people']))}")
print(max(by_dept.items(), key=lambda kv: len(kv[1]['people']))[0])
