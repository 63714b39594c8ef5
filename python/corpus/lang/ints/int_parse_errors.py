# Checks int() rejects misplaced underscores, mixed bases and signs in the wrong place, with exact messages.
for text, base in [('1__0', 10), ('_1', 10), ('1_', 10), ('0x', 16), ('0b2', 0), ('--1', 10), ('1 2', 10), ('0o8', 0), ('12', 1)]:
    try:
        print(int(text, base))
    except ValueError as e:
        print('ValueError:', e)
print(int('0_0'), int('-0x_1f', 16), int('0B1_1', 0), int('\t+12\n'))
