// A replica of CPython 3.11's GIL (take_gil/drop_gil of Python/ceval_gil.h, FORCE_SWITCHING on),
// written from its algorithm, driving gil_contention.py's workload without the interpreter: N
// threads each spin WORK_NS ns of "Python" under the GIL (checking the drop request as the eval
// loop does), then release it around a 64-byte send and the recv that reads it back on their own
// loopback connection. It reproduces CPython's convoy (MEASUREMENTS-2026-12-07.md, session 4) and
// lets its parts be changed: SIGNAL_OUTSIDE=1 signals the condition variable after unlocking the
// GIL's mutex instead of under it; NOFORCE=1 drops FORCE_SWITCHING. Prints, per round: wall and
// CPU µs, voluntary and involuntary context switches, and how take_gil/drop_gil went. TRACE=FILE
// also writes each thread's events over the middle third of its rounds, one "ns thread event" a
// line (S/D: drop_gil with/without a waiter, d: its end; X: a system call's return; T: take_gil,
// m: its mutex taken, W/w: a condition-variable wait and its return, G: the GIL taken), which
// gil_replica_trace.py summarises.
// Build and run: gcc -O2 -pthread -o gil_replica gil_replica.c && ./gil_replica 100 20000
// (and TRACE=/tmp/gil.trace ./gil_replica 100 30000 && python3 gil_replica_trace.py /tmp/gil.trace)
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdatomic.h>

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER, switch_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond, switch_cond;
static atomic_int locked = 0;
static atomic_int drop_request = 0;
static _Atomic(void *) last_holder = NULL;
static unsigned long switch_number = 0;
static long interval_us = 5000;
static int signal_outside = 0, noforce = 0;
static long work_ns = 1000;
#define NEV 200000
struct ev { long t; char k; };
static __thread struct ev *tev; static __thread int tn; static __thread int tracing;
static long now_ns(void);
static int trace_on = 0;
static void E(char k) { if (tracing && tn < NEV) { tev[tn].t = now_ns(); tev[tn].k = k; tn++; } }
static atomic_int waiters = 0;
static atomic_long c_take_mutex_busy, c_drop_mutex_busy, c_condwait, c_timedout, c_take_free, c_take_locked, c_forcewait;
static void lock_count(pthread_mutex_t *m, atomic_long *busy) { if (pthread_mutex_trylock(m) != 0) { atomic_fetch_add(busy, 1); pthread_mutex_lock(m); } }

static void timed_wait(long us, int *timed_out) {
  struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
  ts.tv_nsec += us * 1000; ts.tv_sec += ts.tv_nsec / 1000000000; ts.tv_nsec %= 1000000000;
  int r = pthread_cond_timedwait(&cond, &mutex, &ts);
  *timed_out = (r == ETIMEDOUT);
}

static void drop_gil(void *me) {
  E(atomic_load(&waiters) > 0 ? 'S' : 'D');
  atomic_store(&last_holder, me);
  lock_count(&mutex, &c_drop_mutex_busy);
  atomic_store(&locked, 0);
  if (!signal_outside) pthread_cond_signal(&cond);
  pthread_mutex_unlock(&mutex);
  if (signal_outside) pthread_cond_signal(&cond);
  E('d');
  if (!noforce && atomic_load(&drop_request)) {
    pthread_mutex_lock(&switch_mutex);
    if (atomic_load(&last_holder) == me) {
      atomic_store(&drop_request, 0);
      atomic_fetch_add(&c_forcewait, 1);
      pthread_cond_wait(&switch_cond, &switch_mutex);
    }
    pthread_mutex_unlock(&switch_mutex);
  }
}

static void take_gil(void *me) {
  E('T');
  lock_count(&mutex, &c_take_mutex_busy);
  E('m');
  if (atomic_load(&locked)) atomic_fetch_add(&c_take_locked, 1); else atomic_fetch_add(&c_take_free, 1);
  while (atomic_load(&locked)) {
    atomic_fetch_add(&c_condwait, 1);
    atomic_fetch_add(&waiters, 1); E('W');
    unsigned long saved = switch_number;
    int to = 0;
    timed_wait(interval_us, &to);
    E('w'); atomic_fetch_sub(&waiters, 1);
    if (to) atomic_fetch_add(&c_timedout, 1);
    if (to && atomic_load(&locked) && switch_number == saved) atomic_store(&drop_request, 1);
  }
  if (!noforce) pthread_mutex_lock(&switch_mutex);
  atomic_store(&locked, 1);
  if (atomic_load(&last_holder) != me) { atomic_store(&last_holder, me); ++switch_number; }
  if (!noforce) { pthread_cond_signal(&switch_cond); pthread_mutex_unlock(&switch_mutex); }
  if (atomic_load(&drop_request)) atomic_store(&drop_request, 0);
  pthread_mutex_unlock(&mutex);
  E('G');
}

static long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }

// Python work: spin work_ns, checking the eval breaker as CPython would.
static void python(void *me) {
  long end = now_ns() + work_ns;
  while (now_ns() < end) {
    if (atomic_load(&drop_request)) { drop_gil(me); take_gil(me); }
  }
}

struct arg { int a, b, rounds, idx; struct ev *ev; int n; };
static atomic_int go = 0;
static void *run(void *p) {
  struct arg *x = p; char buf[64]; memset(buf, 'x', 64);
  while (!atomic_load(&go)) usleep(100);
  tev = x->ev; tn = 0;
  take_gil(x);
  for (int i = 0; i < x->rounds; i++) {
    tracing = trace_on && i >= x->rounds / 3 && i < 2 * x->rounds / 3; // the middle third
    python(x);
    drop_gil(x); send(x->a, buf, 64, 0); E('X'); take_gil(x);
    python(x);
    drop_gil(x); recv(x->b, buf, 64, 0); E('X'); take_gil(x);
  }
  tracing = 0; x->n = tn;
  drop_gil(x);
  return NULL;
}

int main(int argc, char **argv) {
  int n = atoi(argv[1]); int calls = argc > 2 ? atoi(argv[2]) : 20000;
  signal_outside = getenv("SIGNAL_OUTSIDE") != NULL; noforce = getenv("NOFORCE") != NULL;
  if (getenv("WORK_NS")) work_ns = atol(getenv("WORK_NS"));
  trace_on = getenv("TRACE") != NULL;
  pthread_condattr_t ca; pthread_condattr_init(&ca); pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&cond, &ca); pthread_cond_init(&switch_cond, NULL);
  int ls = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in sa = {0}; sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK); bind(ls, (void *)&sa, sizeof sa); listen(ls, n + 8);
  socklen_t sl = sizeof sa; getsockname(ls, (void *)&sa, &sl);
  struct arg *args = calloc(n, sizeof *args); pthread_t *th = calloc(n, sizeof *th);
  for (int i = 0; i < n; i++) {
    int c = socket(AF_INET, SOCK_STREAM, 0); connect(c, (void *)&sa, sizeof sa);
    int s = accept(ls, NULL, NULL);
    args[i].a = c; args[i].b = s; args[i].rounds = calls / n; args[i].idx = i; args[i].ev = trace_on ? malloc(sizeof(struct ev) * NEV) : NULL;
    pthread_create(&th[i], NULL, run, &args[i]);
  }
  usleep(50000);
  struct rusage r0, r1; getrusage(RUSAGE_SELF, &r0); long t0 = now_ns();
  atomic_store(&go, 1);
  for (int i = 0; i < n; i++) pthread_join(th[i], NULL);
  long el = now_ns() - t0; getrusage(RUSAGE_SELF, &r1);
  double R = (double)(calls / n) * n;
  double cpu = (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec + r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) * 1e6 +
               (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec + r1.ru_stime.tv_usec - r0.ru_stime.tv_usec);
  printf("%d wall %.1f cpu %.1f vol %.2f invol %.2f\n", n, el / R / 1e3, cpu / R,
         (r1.ru_nvcsw - r0.ru_nvcsw) / R, (r1.ru_nivcsw - r0.ru_nivcsw) / R);
  if (trace_on) {
    FILE *fo = fopen(getenv("TRACE"), "w");
    for (int i = 0; i < n; i++)
      for (int j = 0; j < args[i].n; j++) fprintf(fo, "%ld %d %c\n", args[i].ev[j].t, i, args[i].ev[j].k);
    fclose(fo);
  }
  printf("   per round: take mutex busy %.2f, drop mutex busy %.2f, take found locked %.2f (free %.2f), cond waits %.2f, timeouts %.3f, force waits %.3f\n",
    c_take_mutex_busy / R, c_drop_mutex_busy / R, c_take_locked / R, c_take_free / R, c_condwait / R, c_timedout / R, c_forcewait / R);
  return 0;
}
