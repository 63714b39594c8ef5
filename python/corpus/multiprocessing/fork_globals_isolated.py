# A forked child gets a copy of the parent's globals: rebinding, mutating lists, dicts and instances in one side is invisible to the other [MP-1]
import multiprocessing as mp

class Box:
    def __init__(self):
        self.items = []

counter = 0
names = ['a']
table = {'k': 1}
box = Box()

def child(conn):
    global counter
    conn.recv()  # the parent has changed its globals by now
    print('child sees', counter, names, table, box.items)
    counter += 10
    names.append('child')
    table['child'] = True
    box.items.append('child')
    print('child has', counter, names, table, box.items)

if __name__ == '__main__':
    parent_end, child_end = mp.Pipe()
    p = mp.Process(target=child, args=(child_end,))
    p.start()
    counter += 1
    names.append('parent')
    table['parent'] = True
    box.items.append('parent')
    parent_end.send('go')
    p.join()
    print('parent has', counter, names, table, box.items)
