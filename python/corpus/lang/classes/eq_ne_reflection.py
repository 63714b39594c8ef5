# Checks != derives from __eq__, reflected __eq__ on the right operand, and NotImplemented falling back to identity.
class A:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        print('A.__eq__ called')
        if isinstance(other, A):
            return self.v == other.v
        return NotImplemented
print(A(1) != A(1), A(1) != A(2))
print(A(1) == 1)
print(1 == A(1))
class B(A):
    def __eq__(self, other):
        print('B.__eq__ called')
        return True
print(A(0) == B(5))
print([A(3)] == [A(3)], A(3) in [A(4), A(3)])
