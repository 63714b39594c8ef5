# Checks NameError with CPython 3.11's "Did you mean" suggestion in the uncaught traceback.
counter = 0
for step in range(3):
    counter += 1
print(countr)
