# Checks except clause matching: tuples, base classes, order of clauses, bare except and the hierarchy.
def classify(exc):
    try:
        raise exc
    except (KeyError, IndexError) as e:
        return 'lookup-specific ' + type(e).__name__
    except LookupError:
        return 'lookup'
    except ArithmeticError as e:
        return 'arith ' + type(e).__name__
    except Exception as e:
        return 'exception ' + type(e).__name__
for exc in [KeyError('k'), IndexError(), UnicodeDecodeError('utf-8', b'x', 0, 1, 'bad'), ZeroDivisionError(),
            OverflowError(), TypeError(), RuntimeError(), RecursionError(), NotImplementedError()]:
    print(classify(exc))
try:
    raise SystemExit(4)
except Exception:
    print('not here')
except BaseException as e:
    print('BaseException caught', type(e).__name__, e.code)
try:
    raise KeyboardInterrupt
except:
    print('bare except caught KeyboardInterrupt')
print(issubclass(TimeoutError, OSError), issubclass(StopIteration, Exception), issubclass(GeneratorExit, Exception))
