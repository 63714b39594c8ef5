# Checks the SyntaxError for a call with an empty argument between commas (spawn(func,1,,2) in the study note).
def func(*args, **kwargs):
    return args, kwargs
print(func(1,,2,3,x=4,y=5))
