# Checks an Event reused over rounds with clear(): a worker handles one request per set(). [EVT-2]
import threading
request, reply = threading.Event(), threading.Event()
box = {}
def server():
    for _ in range(3):
        request.wait()
        request.clear()
        box['answer'] = box['question'] * 2
        reply.set()
s = threading.Thread(target=server)
s.start()
for q in (1, 5, 21):
    box['question'] = q
    request.set()
    reply.wait()
    reply.clear()
    print(q, '->', box['answer'])
s.join()
