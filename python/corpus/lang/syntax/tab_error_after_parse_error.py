# A parser error on an earlier line wins over a later TabError: the tokenizer has not reached it
print("before")
x = = 1
if x:
        y = 2
	z = 1
