# Checks sys.exit() with no argument exits 0 and that SystemExit can be caught and inspected.
import sys
try:
    sys.exit(7)
except SystemExit as e:
    print('caught SystemExit with code', e.code)
try:
    sys.exit()
except SystemExit as e:
    print('code', e.code)
print('exiting cleanly')
sys.exit()
