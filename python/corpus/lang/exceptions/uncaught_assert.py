# Checks an uncaught failed assert with a message: the traceback shows the assert line.
def check_balance(balance):
    assert balance >= 0, f'negative balance: {balance}'
    return balance
print(check_balance(5))
print(check_balance(-3))
