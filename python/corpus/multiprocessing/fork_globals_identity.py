# At a fork an object reachable from the globals and from the target's arguments is one object in the child [MP-1]
import multiprocessing as mp

shared = {'n': 0}
alias = shared

def child(d):
    print(d is shared, alias is shared)
    d['n'] += 1
    print(shared['n'], alias['n'])

if __name__ == '__main__':
    p = mp.Process(target=child, args=(shared,))
    p.start()
    p.join()
    print(shared['n'], p.exitcode)
