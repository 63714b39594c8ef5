# Checks common counting/grouping idioms and sorted output of dicts.
text = 'the quick brown fox jumps over the lazy dog the end'
freq = {}
for w in text.split():
    freq[w] = freq.get(w, 0) + 1
print(freq)
by_len = {}
for w in text.split():
    by_len.setdefault(len(w), []).append(w)
print(by_len)
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
print(max(freq, key=freq.get), sum(freq.values()))
inv = {v: k for k, v in {'a': 1, 'b': 2}.items()}
print(inv)
