# A typo in a coroutine body surfaces at the send that runs it: NameError with the line
def consumer():
    r = ''
    while True:
        n = yield r
        print('consuming', n)
        r = reslt

c = consumer()
c.send(None)
c.send(1)
