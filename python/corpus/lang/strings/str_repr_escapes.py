# Checks repr() of strings: quote choice, escapes, non-ASCII and control characters.
for s in ["plain", "it's", 'say "hi"', 'both \' and "', 'tab\there', 'nl\n', 'bs\\', '\x00\x7f', 'é中文', '\u200b', '\U0001F600']:
    print(repr(s))
print(ascii('é中文'), ascii('\U0001F600'))
print(len('é中文'), len('\U0001F600'), ord('中'), chr(20013), chr(65), ord('\n'))
print('\x41\u0042\N{LATIN SMALL LETTER C}')
print(r'raw\n', len(r'\n'))
print(str(['a', "b'c"]), str(('x',)))
