# Checks json.dumps: separators, indent, sort_keys, ensure_ascii, and the Python-to-JSON mapping.
import json
data = {'name': 'Zoë', 'n': 3, 'f': 1.5, 'ok': True, 'none': None, 'list': [1, 'two', (3, 4)], 'nested': {'b': 1, 'a': 2}}
print(json.dumps(data))
print(json.dumps(data, sort_keys=True, ensure_ascii=False))
print(json.dumps(data['nested'], indent=2))
print(json.dumps([1, 2], separators=(',', ':')), json.dumps('he said "hi"\n'), json.dumps(1e20), json.dumps(-0.0))
print(json.dumps({1: 'int key', True: 'bool key'}), json.dumps(float('inf')))
try:
    json.dumps({'s': {1, 2}})
except TypeError as e:
    print('TypeError:', e)
