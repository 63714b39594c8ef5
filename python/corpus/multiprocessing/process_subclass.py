# A Process subclass overrides run(); its name follows the class [MPP-1]
from multiprocessing import Process

class Worker(Process):
    def __init__(self, n):
        super().__init__()
        self.n = n
    def run(self):
        print(self.name, 'squares', self.n * self.n)

if __name__ == '__main__':
    ws = [Worker(i) for i in range(3)]
    for w in ws:
        w.start()
        w.join()
