# Checks sys.stdout.write type errors and sys.exit with a non-int, non-str argument (printed, exit code 1).
import sys
try:
    sys.stdout.write(42)
except TypeError as e:
    print('TypeError:', e)
sys.stdout.write('no newline then ')
sys.stdout.write('newline\n')
print('exiting with a list')
sys.exit(['bad', 'config'])
