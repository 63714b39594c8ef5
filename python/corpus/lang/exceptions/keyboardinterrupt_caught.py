# Checks KeyboardInterrupt raised and caught in the program, then a normal exit.
def work():
    raise KeyboardInterrupt
try:
    work()
except KeyboardInterrupt:
    print('interrupted, shutting down cleanly')
print(isinstance(KeyboardInterrupt(), Exception), isinstance(KeyboardInterrupt(), BaseException))
