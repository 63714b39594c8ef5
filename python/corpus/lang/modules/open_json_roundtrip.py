# Checks writing JSON to a file with json.dump and reading it back with json.load.
import json
records = [{'id': i, 'sq': i * i} for i in range(4)]
with open('data.json', 'w') as f:
    json.dump(records, f)
with open('data.json') as f:
    text = f.read()
print(text)
with open('data.json') as f:
    back = json.load(f)
print(back == records, back[-1])
with open('db.txt', 'a') as f:
    f.write('url:<x> size:[3]\n')
with open('db.txt', 'a') as f:
    f.write('url:<y> size:[5]\n')
print(open('db.txt').read().splitlines())
