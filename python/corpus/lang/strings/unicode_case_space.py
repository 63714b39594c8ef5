# Checks Unicode case mapping that changes length, title() after apostrophes, and Unicode whitespace.
print('ß'.upper(), 'ﬁ'.upper(), 'İ'.lower(), len('İ'.lower()), 'ǆ'.title(), 'ΣΑΣ'.lower())
print("they're bill's friends".title(), 'hello-world 3rd'.title(), 'ABC'.swapcase())
ws = 'a\u3000b\u00a0c\td\x1ce'
print(ws.split(), '\u2003 x \u2003'.strip() == 'x', '\u00a0'.isspace(), '\x1c'.isspace())
print('١٢٣'.isdigit(), int('١٢٣') + 1, float('١.٥'), '²'.isdecimal(), 'Ⅻ'.isnumeric())
