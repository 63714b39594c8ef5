# Checks the IndentationError after a def with no indented body.
print('this line never runs: the file does not compile')
def f():
return 1
