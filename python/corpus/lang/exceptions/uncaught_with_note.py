# Checks 3.11 exception notes (add_note): printed after the message, in a handled repr and an uncaught traceback.
def load(name):
    try:
        raise FileNotFoundError(2, 'No such file or directory', name)
    except FileNotFoundError as e:
        e.add_note(f'while loading {name!r}')
        e.add_note('hint: create it first')
        raise
try:
    load('a.cfg')
except OSError as e:
    print(type(e).__name__, e.__notes__)
load('b.cfg')
