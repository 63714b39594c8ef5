# Checks chr/ord over ASCII, Latin-1, CJK and astral characters, and str length/indexing by code point.
for ch in ['A', 'z', 'é', 'ß', '中', '€', '😀', '\t']:
    print(repr(ch), ord(ch), hex(ord(ch)), len(ch.encode('utf-8')))
s = 'a😀b'
print(len(s), s[1], s[2], s[::-1], s.upper())
print(''.join(chr(c) for c in range(0x41, 0x41 + 6)), chr(0x10FFFF) == '\U0010ffff')
