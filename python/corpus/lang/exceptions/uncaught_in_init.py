# Checks a traceback through __init__ called by a class call, with markers under the call.
class Account:
    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance + 0
accounts = [Account('ann', 10), Account('bob', '20')]
