# Checks iterating strings, enumerate, reversed, in-place building and str() of containers with strings.
s = 'naïve'
for i, ch in enumerate(s):
    print(i, ch, ord(ch))
print(''.join(reversed(s)), s[::-1] == ''.join(reversed(s)))
out = ''
for ch in 'abc':
    out += ch.upper() * 2
print(out)
counts = {}
for ch in 'mississippi':
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
print([c for c in 'hello' if c not in 'aeiou'])
