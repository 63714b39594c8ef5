# A TabError before a parser error is the one reported
if True:
        y = 2
	z = 1
x = = 1
