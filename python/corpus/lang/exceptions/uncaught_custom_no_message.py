# Checks the last traceback line for a user exception without a message (no colon, no module prefix).
class Halt(Exception):
    pass
def step(n):
    if n == 2:
        raise Halt
    return n
for i in range(5):
    print(step(i))
