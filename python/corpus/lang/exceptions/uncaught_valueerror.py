# Checks an uncaught exception at module level: stdout first, the traceback on stderr, exit code 1.
print('before the error')
def parse(text):
    return int(text)
values = ['1', '2', 'three']
total = 0
for v in values:
    total += parse(v)
print('never printed')
