# Checks a traceback through a dict comprehension (<dictcomp>) inside a method called from module level.
class Inventory:
    def __init__(self, rows):
        self.rows = rows
    def prices(self):
        return {name: float(price) for name, price in self.rows}
inv = Inventory([('tea', '3.5'), ('cake', 'four')])
print(inv.prices())
