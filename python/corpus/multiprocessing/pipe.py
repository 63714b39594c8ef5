# Pipe(): two connected ends; send/recv pickled objects both ways [MPP-7]
from multiprocessing import Process, Pipe

def child(conn):
    msg = conn.recv()
    conn.send(msg.upper())
    conn.close()

if __name__ == '__main__':
    a, b = Pipe()
    p = Process(target=child, args=(b,))
    p.start()
    a.send('ping')
    print(a.recv())
    p.join()
