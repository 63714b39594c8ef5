# Checks try/except/continue/break inside loops and a retry loop with a counter.
results = []
for item in ['1', 'x', '3', None, '5']:
    try:
        if item is None:
            break
        results.append(int(item))
    except ValueError:
        results.append('bad')
        continue
    finally:
        results.append('|')
print(results)
attempts = 0
while True:
    try:
        attempts += 1
        if attempts < 3:
            raise ConnectionError(f'attempt {attempts} failed')
        print('succeeded after', attempts)
        break
    except ConnectionError as e:
        print('retry:', e)
print(issubclass(ConnectionError, OSError))
