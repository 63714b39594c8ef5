# Checks AttributeError with the "Did you mean" suggestion for a misspelled method.
items = [3, 1, 2]
items.apend(4)
