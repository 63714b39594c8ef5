# gevent.Timeout is a BaseException: except Exception does not catch it [GTO-4]
import gevent

print(issubclass(gevent.Timeout, BaseException), issubclass(gevent.Timeout, Exception))
try:
    try:
        with gevent.Timeout(0.05):
            gevent.sleep(1)
    except Exception:
        print('caught as Exception')
except gevent.Timeout:
    print('caught as Timeout')
