# Checks the display order of str and mixed sets: CPython's hash table order with the goldens' PYTHONHASHSEED=0
# (SipHash-1-3 over each string's latin-1, UCS-2 or UCS-4 buffer), for sets grown by add, made by set(), and displays.
words = "the quick brown fox jumps over the lazy dog again and again".split()
s = set()
for w in words:
    s.add(w)
print(s)
print(set(words), set("abracadabra"), set(["é", "Ω", "z", "😀"]))
print({'a', 'b', 'c', 'hello', 'x'}, {1, 'a', 2, 'b'})
print({42, 67, 25, 61, 'ab', 93, '😀', 74}, {166, -11, 134, 23, 25})
t = {"lock", "event", "queue"}
t.discard("event")
t.add("barrier")
print(t, sorted(t), len(t))
print({w: len(w) for w in sorted(set(words))})
