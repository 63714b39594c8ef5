# Checks the study note's Timer example with a short interval: main's print comes before the timer's. [TMR-1]
from threading import Timer
def hello():
    print('hello world')
t = Timer(0.2, hello)
t.start()
print('timer started')
