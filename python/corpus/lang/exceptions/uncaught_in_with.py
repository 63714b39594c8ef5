# Checks that __exit__ runs before an uncaught exception's traceback is printed, and output order.
class Resource:
    def __enter__(self):
        print('acquire')
        return self
    def __exit__(self, *exc):
        print('release', exc[0].__name__)
        return False
with Resource():
    print('working')
    raise IndexError('index 7 out of range')
