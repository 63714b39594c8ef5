# Checks a plain "invalid syntax" error in the middle of a program (nothing before it runs).
print('before')
x = 1 +* 2
print('after')
