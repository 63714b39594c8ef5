# Checks 3.11 traceback position markers: ~ for operands and ^ for the failing operator or call.
def ratio(a, b):
    scale = 10
    return scale * a / b + 1
def report(items):
    return [ratio(x, y) for x, y in items]
print(report([(1, 2), (3, 0)]))
