# Checks a traceback through a call that spans several lines and a method on a class.
class Calc:
    def div(self, a, b):
        return a // b
calc = Calc()
result = calc.div(
    10,
    0,
)
