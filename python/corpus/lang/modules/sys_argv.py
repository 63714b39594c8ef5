# Checks sys.argv holds the program path as given, and sys.stdout.write returns the character count.
import sys
print(len(sys.argv), sys.argv[0].endswith('sys_argv.py'), sys.argv[1:])
count = sys.stdout.write('héllo\n')
print(count)
print(sys.maxsize > 2 ** 31, sys.version_info[0], sys.version_info >= (3, 11))
