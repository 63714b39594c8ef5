# Checks output order fixed by starting and joining threads one at a time.
import threading
def say(word):
    print(word, 'from', threading.current_thread().name)
for word in ['one', 'two', 'three']:
    t = threading.Thread(target=say, args=(word,), name=f'speaker-{word}')
    t.start()
    t.join()
print('done')
