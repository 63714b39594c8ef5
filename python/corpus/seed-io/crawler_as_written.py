# The note's crawler exactly as written: the string broken over two lines is a SyntaxError
from concurrent.futures import ThreadPoolExecutor,ProcessPoolExecutor
from multiprocessing import Pool
import requests
import json
import os

def get_page(url):
    respone = request.get(url)
    if response.status_code == 200:
        return {'url':url,'text':response.text}
def parse_page(res):
    res = res.result()
    parse_res = 'url:<%s> size:[%s]
' %(res['url'],len(res['text']))
    
    with open('db.txt','a') as f:
        f.write(parse_res)
if __name__ == '__main__':
    urls = [
        'https://www.baidu.com',
        'https://www.python.org',
        'https://www.openstack.org',
        'https://help.github.com/',
        'http://www.sina.com.cn/'
    ]
	p = ProcessPoolExecutor(3)
    for url in urls:
        p.submit(get_page,url).add_done_callback(parse_page)
