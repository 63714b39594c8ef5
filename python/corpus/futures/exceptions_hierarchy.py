# The futures exception classes and where they sit [FUT-10]
import concurrent.futures as cf
from concurrent.futures.process import BrokenProcessPool
from concurrent.futures.thread import BrokenThreadPool

print(cf.CancelledError.__module__, cf.CancelledError.__name__)
print(issubclass(cf.CancelledError, Exception), issubclass(cf.BrokenExecutor, RuntimeError))
print(issubclass(BrokenProcessPool, cf.BrokenExecutor), issubclass(BrokenThreadPool, cf.BrokenExecutor))
print(cf.TimeoutError is TimeoutError)
print(cf.FIRST_COMPLETED, cf.FIRST_EXCEPTION, cf.ALL_COMPLETED)
