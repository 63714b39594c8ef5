#!/usr/bin/env python3
"""Regenerate the goldens of the differential corpus with real CPython 3.11.

Every program NAME.py under this folder (except this script) is run with
`python3 REL/NAME.py`, where REL/NAME.py is its path relative to this folder,
so tracebacks say `File "lang/foo.py"` (CPython makes that path absolute;
the scratch folder's prefix is stripped from the output).  Each run gets a fresh scratch folder
holding only that program at the same relative path (so files a program opens
for writing never land in the repository), a fixed environment and a timeout.
The program runs RUNS times; if stdout, stderr or the exit code vary between
runs the program is refused: no golden is written and the script exits 1.
Otherwise NAME.golden.json is written beside it:

    {"stdout": ..., "stderr": ..., "exitCode": ...}

Usage (from anywhere):
    python3 python/corpus/regenerate.py              # every program
    python3 python/corpus/regenerate.py lang/ints_floordiv.py threading/
    python3 python/corpus/regenerate.py --check      # compare, write nothing
    options: --runs N (default 3), --jobs N (default 3), --timeout S (default 30)
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SELF = os.path.basename(__file__)
ENV = {
    'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
    'PYTHONHASHSEED': '0',
    'PYTHONDONTWRITEBYTECODE': '1',
    'PYTHONIOENCODING': 'utf-8',
    'LC_ALL': 'C.UTF-8',
    'LANG': 'C.UTF-8',
}
# The standard library's folder as the goldens spell it (see clean() in run_once).
STDLIB = '/usr/lib/python3.11'
# The goldens were made with this release; threading.py's line numbers in a
# thread's traceback (1045, 982) are those of 3.11.7.
RELEASE = '3.11.7'


def programs(selection):
    found = []
    for root, dirs, files in os.walk(HERE):
        dirs[:] = sorted(d for d in dirs if not d.startswith(('.', '__')))
        for name in sorted(files):
            if name.endswith('.py') and not (root == HERE and name == SELF):
                found.append(os.path.relpath(os.path.join(root, name), HERE).replace(os.sep, '/'))
    if not selection:
        return found
    chosen = []
    for sel in selection:
        sel = os.path.relpath(os.path.abspath(sel), HERE).replace(os.sep, '/') if os.path.exists(sel) else sel
        sel = sel.rstrip('/')
        hits = [p for p in found if p == sel or p.startswith(sel + '/')]
        if not hits:
            sys.exit(f'regenerate.py: no program matches {sel!r}')
        chosen += [p for p in hits if p not in chosen]
    return chosen


def run_once(python, stdlib, rel, timeout):
    scratch = tempfile.mkdtemp(prefix='concsim-corpus-')
    try:
        dest = os.path.join(scratch, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(os.path.join(HERE, rel), dest)
        try:
            proc = subprocess.run([python, rel], cwd=scratch, env=ENV, stdin=subprocess.DEVNULL,
                                  capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {'timeout': True}
        # CPython 3.11 makes the main script's path absolute (__file__, tracebacks,
        # SyntaxError locations); strip the scratch folder so they read "lang/foo.py".
        # Frames inside the standard library (threading.py in a thread's traceback)
        # name the installation's folder; write it as a stock Linux install's.
        prefix = os.path.realpath(scratch) + os.sep

        def clean(data):
            text = data.decode('utf-8').replace(prefix, '')
            for lib in stdlib:
                text = text.replace(lib, STDLIB)
            return text
        return {'stdout': clean(proc.stdout), 'stderr': clean(proc.stderr), 'exitCode': proc.returncode}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def golden_path(rel):
    return os.path.join(HERE, rel[:-3] + '.golden.json')


def dump(result):
    return json.dumps(result, indent=2, ensure_ascii=False) + '\n'


# gevent is not in the 3.11.7 build the goldens come from; the gevent/ programs run under
# the system's CPython 3.11 with Debian's python3-gevent (apt-get install python3-gevent).
GEVENT_FOLDERS = ('gevent/',)


def interpreter(args, rel):
    return args.gevent_python if rel.startswith(GEVENT_FOLDERS) else args.python


def regenerate(python, stdlib, rel, runs, timeout):
    results = [run_once(python, stdlib, rel, timeout) for _ in range(runs)]
    if any('timeout' in r for r in results):
        return rel, 'timeout', None
    if any(r != results[0] for r in results[1:]):
        return rel, 'varies', results
    return rel, 'ok', results[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('paths', nargs='*', help='programs or folders relative to the corpus (default: all)')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--jobs', type=int, default=3)
    ap.add_argument('--timeout', type=float, default=30)
    ap.add_argument('--check', action='store_true', help='compare with the committed goldens, write nothing')
    ap.add_argument('--python', default='python3')
    ap.add_argument('--gevent-python', default='/usr/bin/python3',
                    help='the interpreter (with gevent installed) for the gevent/ programs')
    args = ap.parse_args()

    probe = ('import os, platform, sysconfig; print(platform.python_implementation(), platform.python_version());'
             'print(sysconfig.get_paths()["stdlib"]); print(os.path.realpath(sysconfig.get_paths()["stdlib"]))')
    impl_version, *libs = subprocess.run([args.python, '-c', probe], capture_output=True, text=True,
                                          env=ENV).stdout.splitlines()
    impl, version = impl_version.split()
    if impl != 'CPython' or not version.startswith('3.11.'):
        sys.exit(f'regenerate.py: needs CPython 3.11, {args.python} is {impl} {version}')
    if version != RELEASE:
        print(f'regenerate.py: warning: the goldens were made with {RELEASE}, this is {version}; '
              'threading.py line numbers in tracebacks may differ', file=sys.stderr)
    stdlib = sorted({lib.rstrip(os.sep) for lib in libs}, key=len, reverse=True)

    selected = programs(args.paths)
    failed = []
    changed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        jobs = [pool.submit(regenerate, interpreter(args, rel), stdlib, rel, args.runs, args.timeout)
                for rel in selected]
        for job in concurrent.futures.as_completed(jobs):
            rel, status, result = job.result()
            if status != 'ok':
                failed.append(rel)
                print(f'REFUSED {rel}: {status}', file=sys.stderr)
                if status == 'varies':
                    for i, r in enumerate(result):
                        print(f'  run {i}: {json.dumps(r, ensure_ascii=False)[:400]}', file=sys.stderr)
                continue
            path = golden_path(rel)
            text = dump(result)
            old = open(path, encoding='utf-8').read() if os.path.exists(path) else None
            if old == text:
                continue
            changed += 1
            if args.check:
                failed.append(rel)
                print(f'DIFFERS {rel}', file=sys.stderr)
            else:
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(text)
                print(f'wrote {os.path.relpath(path, HERE)}')

    if not args.paths:
        wanted = {golden_path(rel) for rel in selected}
        for root, _, files in os.walk(HERE):
            for name in files:
                path = os.path.join(root, name)
                if name.endswith('.golden.json') and path not in wanted:
                    if args.check:
                        failed.append(os.path.relpath(path, HERE))
                        print(f'STALE {os.path.relpath(path, HERE)}', file=sys.stderr)
                    else:
                        os.remove(path)
                        print(f'removed stale {os.path.relpath(path, HERE)}')

    verb = 'differ' if args.check else 'changed'
    print(f'{len(selected)} programs, {changed} {verb}, {len(failed)} refused or failing', file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
