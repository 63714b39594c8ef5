# Checks the TypeError message and markers for unsupported operand types.
price = 10
quantity = '3'
total = price * 2 + quantity
