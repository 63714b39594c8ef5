# Generic invalid syntax underlines the whole offending token (a name, a number, an operator)
x = 1
y = x ** ** 2
