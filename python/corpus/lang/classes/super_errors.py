# Checks super() misuse errors: outside a class, and zero-argument super() in a nested function.
def not_a_method():
    return super().__init__()
try:
    not_a_method()
except RuntimeError as e:
    print('RuntimeError:', e)
class A:
    def go(self):
        def helper():
            return super().go()
        return helper()
try:
    A().go()
except RuntimeError as e:
    print('RuntimeError:', e)
class B(A):
    def go(self):
        return 'B.go then ' + str(super().__class__.__name__)
print(B().go())
