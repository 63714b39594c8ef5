# Hexadecimal, octal and binary literals with a bad digit: the first one in the file is reported
mask = 0xff
print(mask, 0b101, 0o17)
bad = 0o19
