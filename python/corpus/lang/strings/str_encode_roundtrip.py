# Checks encode/decode round trips over UTF-8 and UTF-16 and byte lengths of mixed text.
texts = ['ascii', 'café', '日本語', 'emoji 😀', '']
for t in texts:
    u8 = t.encode('utf-8')
    u16 = t.encode('utf-16-le')
    print(repr(t), len(t), len(u8), len(u16), u8.decode('utf-8') == t, u16.decode('utf-16-le') == t)
print('ÿ'.encode('latin-1'), b'\xff'.decode('latin-1'), 'x'.encode())
