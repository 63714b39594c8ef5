# Checks os.getpid() returns a positive int that stays the same, without printing the pid.
import os
pid = os.getpid()
print(type(pid).__name__, pid > 0, os.getpid() == pid)
print(f'{pid} is running'.endswith(' is running'))
