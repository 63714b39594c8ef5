# A select-based single-threaded echo server serving three clients in threads
import select
import socket
import threading

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 7006))
srv.listen()
srv.setblocking(False)

def client(i, out):
    c = socket.create_connection(('127.0.0.1', 7006))
    c.sendall(b'msg%d' % i)
    out.append(c.recv(100))
    c.close()

out = []
ts = [threading.Thread(target=client, args=(i, out)) for i in range(3)]
for t in ts:
    t.start()
inputs = [srv]
closed = 0
while closed < 3:
    readable, _, _ = select.select(inputs, [], [])
    for s in readable:
        if s is srv:
            conn, _ = srv.accept()
            inputs.append(conn)
        else:
            data = s.recv(100)
            if data:
                s.sendall(data.upper())
            else:
                inputs.remove(s)
                s.close()
                closed += 1
for t in ts:
    t.join()
print(sorted(out))
srv.close()
