# Checks that raise ... from None prints only the last exception.
def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise LookupError(f'no entry for {key}') from None
lookup({}, 'x')
