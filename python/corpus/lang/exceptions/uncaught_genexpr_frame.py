# Checks a traceback through a generator expression consumed by sum(): the frame is named <genexpr>.
def safe_ratio(pairs):
    return sum(a / b for a, b in pairs)
print(safe_ratio([(1, 2), (3, 4)]))
print(safe_ratio([(1, 2), (3, 0)]))
