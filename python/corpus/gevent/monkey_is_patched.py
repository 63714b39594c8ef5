# is_module_patched reports what patch_all patched; patch_all(thread=False) leaves threading [GMP-1]
from gevent import monkey
monkey.patch_all(thread=False)
print(monkey.is_module_patched('socket'), monkey.is_module_patched('time'))
print(monkey.is_module_patched('threading'))
