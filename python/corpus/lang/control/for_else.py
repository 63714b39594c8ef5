# Checks for/else and while/else with break, continue and search loops.
for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, 'is prime')
i = 0
while i < 3:
    i += 1
else:
    print('while done', i)
while True:
    i -= 1
    if i == 1:
        continue
    if i < 0:
        break
    print('i', i)
else:
    print('never')
for x in []:
    print('no')
else:
    print('empty else')
