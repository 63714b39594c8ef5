# with: __exit__ receives a traceback object; an exception raised in __exit__ has the body's exception as __context__; __traceback__.tb_lineno
class CM:
    def __enter__(self): return self
    def __exit__(self, et, ev, tb):
        print('exit', et.__name__ if et else None, tb is not None)
        raise RuntimeError('exit failed')
try:
    with CM():
        raise ValueError('body')
except RuntimeError as e:
    print('caught', e, type(e.__context__).__name__)
try:
    raise KeyError('x')
except KeyError as e:
    print(e.__traceback__ is not None, type(e.__traceback__).__name__, e.__traceback__.tb_lineno)
