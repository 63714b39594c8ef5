/**
 * The study note's pool, crawler and gevent programs, typos fixed, run in concsim with the
 * outputs the issue asks for: the process pool prints its squares in order and its (simulated)
 * pids, the crawler's callbacks write one line per page to db.txt, and the gevent echo server
 * serves 500 threaded clients under monkey patching. Their CPython twins are in the corpus
 * (seed-io/, gevent/note_echo_threaded_clients.py) where the output does not vary.
 */
import { describe, expect, it } from 'vitest';
import { runPython } from '../index.ts';

const POOL = `from concurrent.futures import ThreadPoolExecutor,ProcessPoolExecutor

import os,time,random

def task(n):
    print(f'{os.getpid()} is running')  # 进程号
    time.sleep(random.randint(1,3))
    return n**2
if __name__ == '__main__':
    executor = ProcessPoolExecutor(max_workers=3)
    futures = []
    for i in range(11):
        future  = executor.submit(task,i)
        futures.append(future)
    executor.shutdown(True)
    print('*' * 50)
    for future in futures:
        print(future.result())
`;

const CRAWLER = `from concurrent.futures import ThreadPoolExecutor,ProcessPoolExecutor
from multiprocessing import Pool
import requests
import json
import os

def get_page(url):
    response = requests.get(url)
    if response.status_code == 200:
        return {'url':url,'text':response.text}
def parse_page(res):
    res = res.result()
    parse_res = 'url:<%s> size:[%s]\\n' %(res['url'],len(res['text']))

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
`;

const ECHO = `from gevent import monkey;monkey.patch_all()
from socket import *
import gevent
from threading import Thread
import threading

def server(server_ip,port):
    s= socket()
    s.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
    s.bind((server_ip,port))
    s.listen(500)
    while True:
        conn,addr = s.accept()
        gevent.spawn(talk,conn,addr) #切换

def talk(conn,addr):
    try:
        while True:
            res = conn.recv(1024)
            if not res:
                break
            conn.send(res.upper())
    except Exception as e:
        print(e)
    finally:
        conn.close()

served = []
CLIENTS = 500
def client(server_ip,port):
    c=socket(AF_INET,SOCK_STREAM)
    c.connect((server_ip,port))
    count=0
    while count < 3:
        c.send(('%s say hello %s' %(threading.current_thread().getName(),count)).encode('utf-8'))
        msg=c.recv(1024)
        served.append(msg.decode('utf-8'))
        count+=1
    c.close()

if __name__ == '__main__':
    gevent.spawn(server, '127.0.0.1', 8080)
    ts = [Thread(target=client,args=('127.0.0.1',8080)) for i in range(CLIENTS)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(len(served), len(set(served)))
    print(served[0])
`;

describe('the study note, typos fixed', () => {
  it('the process pool prints a pid per task, then the squares in order', () => {
    const r = runPython(POOL, { filename: 'pool.py', seed: 7 });
    expect(r.exitCode).toBe(0);
    const [before, after] = r.stdout.split(`${'*'.repeat(50)}\n`);
    const pids = (before ?? '').trim().split('\n');
    expect(pids).toHaveLength(11);
    for (const line of pids) expect(line).toMatch(/^\d+ is running$/);
    // Three worker processes, none of them the parent (pid 1).
    const distinct = new Set(pids.map((l) => l.split(' ')[0]));
    expect(distinct.size).toBe(3);
    expect(distinct.has('1')).toBe(false);
    expect(after).toBe(`${Array.from({ length: 11 }, (_, i) => i * i).join('\n')}\n`);
  });

  it("the crawler's callbacks write one line per page to db.txt", () => {
    const r = runPython(CRAWLER, { filename: 'crawler.py', seed: 3 });
    expect(r.exitCode).toBe(0);
    const db = (r.files.get('db.txt') ?? '').trim().split('\n');
    expect(db).toHaveLength(5);
    for (const line of db) expect(line).toMatch(/^url:<https?:\/\/[^>]+> size:\[\d+\]$/);
    expect(new Set(db.map((l) => l.slice(0, l.indexOf('>')))).size).toBe(5);
  });

  // The note runs server and clients as two programs; here they share one simulated process:
  // 1001 sockets within Linux's default 1024 descriptors, and 500 threads plus 500 greenlets
  // each suspended inside a function, every one with its own frame depth (frames.ts).
  it('the gevent echo server serves 500 threaded clients in the same process', () => {
    const r = runPython(ECHO, { filename: 'echo.py', seed: 1 });
    // getName() is deprecated in 3.11: CPython warns once, at its line.
    expect(r.stderr).toBe(
      "echo.py:35: DeprecationWarning: getName() is deprecated, get the name attribute instead\n  c.send(('%s say hello %s' %(threading.current_thread().getName(),count)).encode('utf-8'))\n",
    );
    expect(r.stdout).toBe('1500 1500\nTHREAD-1 (CLIENT) SAY HELLO 0\n');
    expect(r.exitCode).toBe(0);
  }, 60_000);
});
