# The study note's crawler, the Python twin of callback-crawler.ts: pages fetched by a pool
# (requests.get on concsim's simulated web), each done-callback appending one line to
# db.txt in the thread that completed the fetch; the file ends with one line per page.
from concurrent.futures import ThreadPoolExecutor
import requests

WORKERS = 3

def get_page(url):
    response = requests.get(url)
    if response.status_code == 200:
        return {'url': url, 'text': response.text}

def parse_page(res):
    res = res.result()
    parse_res = 'url:<%s> size:[%s]\n' % (res['url'], len(res['text']))
    with open('db.txt', 'a') as f:
        f.write(parse_res)

if __name__ == '__main__':
    urls = [
        'https://www.baidu.com',
        'https://www.python.org',
        'https://www.openstack.org',
        'https://help.github.com/',
        'http://www.sina.com.cn/',
    ]
    with ThreadPoolExecutor(WORKERS) as p:
        for url in urls:
            p.submit(get_page, url).add_done_callback(parse_page)
    with open('db.txt') as f:
        lines = f.read().splitlines()
    print(len(lines), 'lines')
    assert sorted(l.split('>')[0] for l in lines) == sorted('url:<%s' % u for u in urls)
