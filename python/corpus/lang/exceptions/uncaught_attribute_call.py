# Checks the traceback markers for an AttributeError on a chained call inside a larger expression.
class Node:
    def __init__(self, nxt=None):
        self.nxt = nxt
    def value(self):
        return 1
head = Node(Node())
total = head.value() + head.nxt.value() + head.nxt.nxt.value()
print(total)
