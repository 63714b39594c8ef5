# Checks the error for a misspelled keyword in a try statement ("execpt", as in the study note's socket example).
try:
    x = 1 / 0
execpt ZeroDivisionError as e:
    print(e)
