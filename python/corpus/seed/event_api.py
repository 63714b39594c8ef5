from threading import Event

event.isSet()  # 判断event 的状态值,

event.wait()  # 当event.isSet() == Fadlse,将阻塞线程

event.set(): 设置event的状态值为True,所有阻塞池的线程激活进入就绪状态, 等待操作系统调度;

event.clear():恢复event的状态值为False
