# Checks nested loops with break/continue affecting only the inner loop, and loop variable after loop.
for i in range(4):
    for j in range(4):
        if j > i:
            break
        if (i + j) % 2:
            continue
        print(i, j, end='; ')
    print()
for k in range(3):
    pass
print('k after loop:', k)
total = 0
n = 10
while n:
    n -= 1
    if n % 3 == 0:
        continue
    total += n
print(total)
