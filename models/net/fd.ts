/**
 * File descriptors: each simulated process numbers its open sockets and epoll objects
 * from 3 up (0–2 are the standard streams), always reusing the lowest free number, as
 * POSIX requires. `select.select` refuses numbers from FD_SETSIZE (1024) up, as CPython's
 * does; epoll has no such limit.
 *
 * When a process exits, its descriptors are closed, as the kernel does: a socket with
 * unread data resets its connection, another sends FIN after its queued data.
 *
 * Differs from Linux: there is no per-process limit on open files (RLIMIT_NOFILE), so a
 * server can hold 10,000 connections without raising a limit first.
 */
import { type Kernel, RunLocal, type SimProcess } from '../../engine/index.ts';

/** `select.select` cannot watch file descriptors from this number up. */
export const FD_SETSIZE = 1024;

export class FdTable {
  readonly #files = new Map<number, object>();
  /** Freed numbers below `#next`, as a binary min-heap. */
  readonly #free: number[] = [];
  #next = 3;

  /** Opens `file` at the lowest free number. */
  open(file: object): number {
    const fd = this.#free.length > 0 ? this.#popFree() : this.#next++;
    this.#files.set(fd, file);
    return fd;
  }

  close(fd: number): void {
    if (!this.#files.delete(fd)) return;
    const h = this.#free;
    h.push(fd);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as number) <= fd) break;
      h[i] = h[p] as number;
      i = p;
    }
    h[i] = fd;
  }

  get(fd: number): object | undefined {
    return this.#files.get(fd);
  }

  /** Closes every open descriptor, lowest first (the process exited). */
  closeAll(): void {
    const open = [...this.#files].sort((a, b) => a[0] - b[0]);
    for (const [, file] of open) {
      // The kernel's close, not the program's: a socket's plain form (no cost, no switch point).
      const f = file as { closeNow?: () => void; close?: () => void };
      if (f.closeNow !== undefined) f.closeNow();
      else f.close?.();
    }
  }

  /** Open descriptors. */
  get size(): number {
    return this.#files.size;
  }

  #popFree(): number {
    const h = this.#free;
    const top = h[0] as number;
    const last = h.pop() as number;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && (h[r] as number) < (h[l] as number) ? r : l;
        if ((h[c] as number) >= last) break;
        h[i] = h[c] as number;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

const TABLES = new RunLocal<Map<SimProcess, FdTable>>(() => new Map());

/** The descriptor table of process `p` of run `k`. */
export function fdTable(k: Kernel, p: SimProcess): FdTable {
  const tables = k.local(TABLES);
  let t = tables.get(p);
  if (t === undefined) {
    const table = new FdTable();
    tables.set(p, table);
    p.onExit.push(() => table.closeAll());
    t = table;
  }
  return t;
}
