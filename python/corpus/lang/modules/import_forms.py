# Checks import forms: import x, import x as y, from x import y, from x import y as z, and attribute access.
import json
import json as j
from collections import deque as Q
from functools import partial, reduce
import itertools, sys
print(json is j, Q.__name__, partial.__name__, reduce(lambda a, b: a + b, [1, 2]), itertools.__name__)
print(type(sys.argv).__name__)
try:
    import not_a_real_module_xyz
except ModuleNotFoundError as e:
    print('ModuleNotFoundError:', e)
try:
    from json import nothing_here
except ImportError as e:
    print('ImportError:', str(e).split(' (')[0])
