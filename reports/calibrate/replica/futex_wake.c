// How soon a thread woken by futex_wake runs, against when the waker's futex_wake returns: the
// timing behind the GIL convoy (MEASUREMENTS-2026-12-07.md, session 4). The waiter sleeps in
// FUTEX_WAIT; the waker sleeps argv[1] microseconds (the waiter's core idle meanwhile), wakes it,
// and both note the time. Build and run: gcc -O2 -pthread -o futex_wake futex_wake.c && ./futex_wake 50
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
static atomic_int word = 0; static atomic_long woke_at = 0; static atomic_int ready = 0;
static int cmp(const void *a, const void *b) { long x = *(const long *)a, y = *(const long *)b; return (x > y) - (x < y); }
static long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }
static void *waiter(void *p) {
  (void)p;
  for (;;) {
    atomic_store(&ready, 1);
    while (atomic_load(&word) == 0) syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    atomic_store(&woke_at, now_ns());
    atomic_store(&word, 0);
  }
  return NULL;
}
int main(int argc, char **argv) {
  long idle_us = argc > 1 ? atol(argv[1]) : 50; int n = 2000;
  pthread_t t; pthread_create(&t, NULL, waiter, NULL);
  long *w = calloc(n, sizeof *w), *r = calloc(n, sizeof *r);
  for (int i = 0; i < n; i++) {
    while (!atomic_load(&ready)) {}
    atomic_store(&ready, 0);
    usleep(idle_us);
    atomic_store(&woke_at, 0);
    long t0 = now_ns();
    atomic_store(&word, 1);
    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    long t1 = now_ns();
    long tw; while ((tw = atomic_load(&woke_at)) == 0) ;
    r[i] = t1 - t0; w[i] = tw - t0;
  }
  qsort(r, n, sizeof *r, cmp); qsort(w, n, sizeof *w, cmp);
  printf("idle %ld us: futex_wake returns after %.1f us (p10 %.1f, p90 %.1f); the woken thread runs after %.1f us (p10 %.1f, p90 %.1f)\n",
    idle_us, r[n/2]/1e3, r[n/10]/1e3, r[9*n/10]/1e3, w[n/2]/1e3, w[n/10]/1e3, w[9*n/10]/1e3);
  return 0;
}
