from threading import Timer

def hello():
    print('hello world')
t = Timer(9,hello)  # 时间
t.start()
