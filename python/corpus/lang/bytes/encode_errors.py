# Checks str.encode/bytes.decode with error handlers and ascii failures.
s = 'naïve ☃'
print(s.encode('ascii', 'replace'), s.encode('ascii', 'ignore'), s.encode('ascii', 'backslashreplace'))
print(s.encode('latin-1', 'replace'), len(s.encode('utf-8')))
print(b'caf\xe9'.decode('latin-1'), b'caf\xe9'.decode('utf-8', 'replace'), b'caf\xe9'.decode('ascii', 'ignore'))
try:
    s.encode('ascii')
except UnicodeEncodeError as e:
    print('UnicodeEncodeError:', e)
