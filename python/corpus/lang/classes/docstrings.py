# Checks __doc__ of modules, classes, functions and methods, including missing docstrings.
"""Module docstring for the corpus."""
class Widget:
    """A small widget."""
    def spin(self):
        """Spin it."""
    def plain(self):
        pass
def helper():
    """Helper: does
    nothing much."""
print(__doc__)
print(Widget.__doc__, Widget.spin.__doc__, Widget.plain.__doc__, Widget().spin.__doc__)
print(helper.__doc__)
print((lambda: None).__doc__)
