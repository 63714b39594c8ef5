# cpu_count() is a positive int, the same as os.cpu_count() [MPP-11]
import multiprocessing, os

print(multiprocessing.cpu_count() == os.cpu_count(), multiprocessing.cpu_count() > 0)
