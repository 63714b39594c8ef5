"""Summarises a trace written by gil_replica.c (TRACE=FILE): who takes the GIL after each release,
how long drop_gil and the mutex waits take, what a woken thread does, and how many threads sleep
on the condition variable."""
import sys, collections, statistics as st
ev=[]
for line in open(sys.argv[1] if len(sys.argv)>1 else '/tmp/gil.trace'):
    t,th,k=line.split(); ev.append((int(t),int(th),k))
ev.sort()
t0=ev[0][0]
# per-thread sequences
per=collections.defaultdict(list)
for t,th,k in ev: per[th].append((t,k))
# 1. after each release (S/D) by A, who gets the GIL next
rel=collections.Counter(); gap_same=[]; gap_other=[]
last_rel=None
for t,th,k in ev:
    if k in 'SD': last_rel=(t,th,k)
    elif k=='G' and last_rel:
        rt,rth,rk=last_rel
        key=(rk, 'releaser' if th==rth else 'other')
        rel[key]+=1
        (gap_same if th==rth else gap_other).append((t-rt)/1e3)
        last_rel=None
print('next GIL holder after a release (S=with a waiter, D=none):', dict(rel))
print('  gap release->next G: releaser median %.1f us, other median %.1f us' % (st.median(gap_same) if gap_same else -1, st.median(gap_other) if gap_other else -1))
# 2. signal duration S->d
sd=[]
for th,seq in per.items():
    for i,(t,k) in enumerate(seq):
        if k in 'SD' and i+1<len(seq) and seq[i+1][1]=='d': sd.append(((seq[i+1][0]-t)/1e3, k))
for kk in 'SD':
    xs=[d for d,k in sd if k==kk]
    if xs: print(f'drop_gil duration ({kk}): median {st.median(xs):.2f} us, p90 {sorted(xs)[int(.9*len(xs))]:.2f}, n={len(xs)}')
# 3. cond waits: duration, outcome
waits=[]; outcomes=collections.Counter(); after_wait_mutex=[]
for th,seq in per.items():
    for i,(t,k) in enumerate(seq):
        if k=='W':
            # find w
            j=i+1
            while j<len(seq) and seq[j][1]!='w': j+=1
            if j>=len(seq): continue
            waits.append((seq[j][0]-t)/1e3)
            nxt=seq[j+1][1] if j+1<len(seq) else '?'
            outcomes['regrab->'+nxt]+=1
print('cond waits: n=%d median %.1f us; after waking: %s' % (len(waits), st.median(waits), dict(outcomes)))
# 4. take after syscall: X -> T -> m -> (G | W)
tk=collections.Counter(); mw=[]
for th,seq in per.items():
    for i,(t,k) in enumerate(seq):
        if k=='X' and i+3<len(seq) and seq[i+1][1]=='T' and seq[i+2][1]=='m':
            mw.append((seq[i+2][0]-seq[i+1][0])/1e3)
            tk[seq[i+3][1]]+=1
print('take after a syscall: next after mutex:', dict(tk), 'mutex wait median %.2f p90 %.2f us' % (st.median(mw), sorted(mw)[int(.9*len(mw))]))
# 5. pool size: number of threads in cond wait over time (sampled at each event)
inwait=0; samples=[]
for t,th,k in ev:
    if k=='W': inwait+=1
    elif k=='w': inwait-=1
    samples.append(inwait)
print('threads in cond wait: mean %.1f (of %d)' % (st.mean(samples), len(per)))
# 6. releases: fraction with a waiter
c=collections.Counter(k for _,_,k in ev if k in 'SD'); print('releases:', dict(c))
xs=sorted(d for d,k in sd if k=='S')
for q in (.25,.5,.75,.9,.95): print(f'drop_gil(S) q{int(q*100)} {xs[int(q*len(xs))]:.1f} us', end='; ')
print(); print('drop_gil(S) > 15 us: %.0f%%' % (100*sum(1 for x in xs if x>15)/len(xs)))
ms=sorted(mw)
for q in (.5,.75,.8,.85,.9,.95): print(f'mutex wait q{int(q*100)} {ms[int(q*len(ms))]:.1f} us', end='; ')
print(); print('mutex wait > 5 us: %.0f%%' % (100*sum(1 for x in ms if x>5)/len(ms)))
