# Checks sys.exit(3): no traceback, exit code 3, finally blocks run and stdout is flushed.
import sys
print('starting')
try:
    sys.exit(3)
finally:
    print('finally runs on SystemExit')
print('not reached')
