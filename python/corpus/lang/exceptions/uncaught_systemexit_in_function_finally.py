# Checks sys.exit inside nested try/finally blocks: every finally runs, outermost last, then exit code 2.
import sys
def inner():
    try:
        sys.exit(2)
    finally:
        print('inner finally')
def outer():
    try:
        inner()
    finally:
        print('outer finally')
outer()
