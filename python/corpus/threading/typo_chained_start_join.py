# Checks `Timer(...).start().join()`: start() returns None, so .join raises AttributeError after the timer started.
import threading
def ring():
    print('ring')
threading.Timer(0.05, ring).start().join()
