# Checks json with nested structures, unicode escaping, float formatting and key coercion.
import json
print(json.dumps({'a': [1, 2, {'b': None}]}, indent=4))
print(json.dumps('ü€😀'), json.dumps('ü€😀', ensure_ascii=False))
print(json.dumps([0.1, 1.0, 1e-7, 123456789.123, 2 ** 70]))
print(json.dumps({'x': 1, 'y': 2}, separators=(',', ':'), sort_keys=True))
print(json.loads('[1, 2]') == [1, 2], json.loads('{"a": {"b": [true]}}')['a']['b'][0])
print(json.dumps(None), json.dumps(True), json.dumps(()), json.dumps({}), json.dumps([]))
print(json.loads('"\\ud83d\\ude00"') == '😀', json.loads('1.0') == 1, type(json.loads('1.0')).__name__)
