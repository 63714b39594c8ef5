# Checks the builtin exception hierarchy through __mro__ for the exceptions the subset names.
for exc in [KeyError, IndexError, ValueError, TypeError, AttributeError, NameError, UnboundLocalError,
            ZeroDivisionError, StopIteration, RuntimeError, RecursionError, TimeoutError,
            KeyboardInterrupt, SystemExit, GeneratorExit, AssertionError, NotImplementedError,
            FileNotFoundError, ModuleNotFoundError, UnicodeDecodeError, OverflowError]:
    print(exc.__name__, '->', ' -> '.join(c.__name__ for c in exc.__mro__[1:]))
