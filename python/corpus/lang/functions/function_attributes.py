# Checks function objects: __name__, __qualname__, __doc__, attributes set on functions and callable().
def documented(a, b):
    """Adds two numbers."""
    return a + b
documented.calls = 0
documented.calls += 1
print(documented.__name__, documented.__doc__, documented.calls)
class A:
    def method(self):
        def inner():
            pass
        return inner
print(A.method.__qualname__, A().method().__qualname__)
print(callable(documented), callable(3), callable(A), callable(A()))
print(documented.__code__.co_argcount, (lambda: 0).__name__)
