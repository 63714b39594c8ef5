# The initializer runs in each worker process before its tasks [PPE-1]
from concurrent.futures import ProcessPoolExecutor

state = {}
def init(v):
    state['v'] = v

def read(_):
    return state.get('v')

if __name__ == '__main__':
    with ProcessPoolExecutor(2, initializer=init, initargs=(42,)) as ex:
        print(list(ex.map(read, range(4))))
    print(state)
