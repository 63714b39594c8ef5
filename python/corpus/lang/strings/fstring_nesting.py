# Checks f-strings with nested quotes, method calls, dict access, conditional expressions and nested f-strings.
items = {'apple': 3, 'pear': 0}
for name, n in items.items():
    print(f"{name!r:>8} -> {n if n else 'none':>4} {'(in stock)' if n else ''}")
width = 6
print(f"{'|'.join(f'{k[:3]:^{width}}' for k in items)}")
print(f'{len(items)} items, first={next(iter(items))!s}, total={sum(items.values()):03d}')
value = 1234567.891
print(f'{value:,.2f} {value:>15,.1f} {-value:+,.0f} {value:.3e}')
print(f'{3 + 4j}' if False else f'{7:{"<"}{5}}|')
