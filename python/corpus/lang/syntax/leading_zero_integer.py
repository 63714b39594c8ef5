# A decimal integer with a leading zero is rejected: CPython asks for the 0o prefix
perms = 0o755
print(perms)
mode = 0755
