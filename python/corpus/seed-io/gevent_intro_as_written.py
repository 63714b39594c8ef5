# The note's gevent summary exactly as written: spawn(func,1,,2,...) is a SyntaxError
from gevent import monkey  # 放置文件头部
monkey.patch_all()  # 监听程序内所有IO操作
from gevent import spawn,joinall ## 用于做切换 + 保存

g1=gevent.spawn(func,1,,2,3,x=4,y=5)创建一个协程对象g1,spawn括号内第一个参数是函数名,如eat,后面可以有多个参数,可以是位置实参或关键字实参,都是传给函数eat的
g2=gevent.spawn(func2)
g1.join() #等待g1结束
g2.join() #等待g2结束
#或者上述两步合作一步:gevent.joinall([g1,g2])
g1.value#拿到func1的返回值
