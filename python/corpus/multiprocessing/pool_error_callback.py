# apply_async's error_callback gets the exception; get() re-raises it [MPP-4]
from multiprocessing import Pool

def f(x):
    if x == 2:
        raise ValueError('two')
    return x

def on_error(e):
    print('error_callback:', type(e).__name__, e)

if __name__ == '__main__':
    with Pool(2) as p:
        r = p.apply_async(f, (2,), error_callback=on_error)
        r.wait()
        print(r.ready(), r.successful())
        try:
            r.get()
        except ValueError as e:
            print('get raised', e)
