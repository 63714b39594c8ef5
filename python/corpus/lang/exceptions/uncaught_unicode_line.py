# Checks traceback markers on a source line with non-ASCII text before the failing expression.
价格 = {'茶': 3}
print('价格:', 价格['茶'])
总数 = '合计' + 价格['咖啡']
