# Checks json.loads: types produced, unicode escapes, big ints, and JSONDecodeError messages.
import json
obj = json.loads('{"a": [1, 2.5, "x", true, false, null], "b": {"c": "\\u00e9"}, "big": 123456789012345678901234567890}')
print(obj, type(obj['a'][1]).__name__, obj['big'] + 1)
print(json.loads('"text"'), json.loads('3'), json.loads(' [ ] '), json.loads('1e3'))
for bad in ['{"a": 1,}', '[1, 2', '', "{'a': 1}", 'nul']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print('JSONDecodeError:', e)
print(issubclass(json.JSONDecodeError, ValueError))
print(json.loads(json.dumps({'round': [1, {'trip': None}]})))
