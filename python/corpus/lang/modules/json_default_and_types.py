# Checks json.dumps default= for unsupported objects, tuples becoming lists, and non-string keys.
import json
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
def encode(obj):
    if isinstance(obj, Point):
        return {'x': obj.x, 'y': obj.y}
    if isinstance(obj, set):
        return sorted(obj)
    raise TypeError(f'cannot encode {type(obj).__name__}')
data = {'p': Point(1, 2), 's': {3, 1, 2}, 't': (1, 2), 2: 'int key', None: 'none key', 1.5: 'float key'}
print(json.dumps(data, default=encode))
print(json.loads(json.dumps(data, default=encode)))
try:
    json.dumps({'b': b'bytes'}, default=encode)
except TypeError as e:
    print('TypeError:', e)
try:
    json.dumps({(1, 2): 'tuple key'})
except TypeError as e:
    print('TypeError:', e)
print(json.dumps([1, [2, [3]]], indent='\t'))
