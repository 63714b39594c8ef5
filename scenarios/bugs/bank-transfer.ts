/**
 * Bug: an atomicity violation across two critical sections (the bank-account example of
 * SCTBench and of Lu et al., ASPLOS 2008). Each account has its own lock, and
 * `transfer(src, dst, amount)` withdraws under `src.lock`, logs, then deposits under
 * `dst.lock` — every access is locked, yet the transfer as a whole is not atomic. An
 * auditor that sums the balances (each read under its account's lock) between the two
 * halves sees money that has left one account and not reached the other. Every thread
 * runs to completion once started, so the non-preemptive schedule passes: the auditor
 * only sees the gap when a transfer is preempted inside it. With `fixed=true` a transfer
 * holds both locks (taken in a global order, so transfers cannot deadlock) and the
 * auditor takes every lock for its sum.
 */
import { type Blocking, defineScenario, Lock, param, sleep, Thread } from 'concsim';

interface Account {
  readonly name: string;
  balance: number;
  readonly lock: Lock;
}

export default defineScenario({
  name: 'bank-transfer',
  summary: 'bug: a transfer withdraws and deposits under separate locks; an auditor sums the balances in between',
  expectFailure: true,
  params: {
    transfers: param.int({ default: 2, min: 1, max: 100, checkMax: 4, doc: 'transfer threads (round the accounts)' }),
    fixed: param.boolean({
      default: false,
      drawn: false,
      doc: 'hold both accounts’ locks for a transfer and all for an audit (the fix)',
    }),
  },
  *main(p) {
    const accounts: Account[] = ['alice', 'bob', 'carol'].map((name) => ({
      name,
      balance: 100,
      lock: new Lock({ name: `${name}.lock` }),
    }));
    const total = accounts.length * 100;
    const audits: number[] = [];

    function* transfer(src: Account, dst: Account, amount: number): Blocking<boolean> {
      if (p.fixed) {
        // with first.lock, second.lock: in a fixed order (by name), whatever the direction
        const [a, b] = src.name < dst.name ? [src, dst] : [dst, src];
        using _a = yield* a.lock.hold();
        using _b = yield* b.lock.hold();
        if (src.balance < amount) return false;
        src.balance -= amount;
        yield* sleep(0); // logging.info("withdrew %d from %s", ...)
        dst.balance += amount;
        return true;
      }
      {
        using _src = yield* src.lock.hold(); // with src.lock:
        if (src.balance < amount) return false;
        src.balance -= amount;
      }
      yield* sleep(0); // logging.info("withdrew %d from %s", ...)
      using _dst = yield* dst.lock.hold(); // with dst.lock:
      dst.balance += amount;
      return true;
    }

    function* audit(): Blocking<number> {
      if (p.fixed) {
        const held = [];
        for (const a of accounts) held.push(yield* a.lock.hold());
        const sum = accounts.reduce((s, a) => s + a.balance, 0);
        for (const h of held.reverse()) h[Symbol.dispose]();
        return sum;
      }
      let sum = 0;
      for (const a of accounts) {
        using _held = yield* a.lock.hold(); // with a.lock: sum += a.balance
        sum += a.balance;
      }
      return sum;
    }

    const tellers = Array.from({ length: p.transfers }, (_, i) => {
      const src = accounts[i % accounts.length] as Account;
      const dst = accounts[(i + 1) % accounts.length] as Account;
      return new Thread({
        name: `teller-${i + 1}`,
        *target() {
          yield* transfer(src, dst, 10 * (i + 1));
        },
      });
    });
    const auditor = new Thread({
      name: 'auditor',
      *target() {
        audits.push(yield* audit());
      },
    });
    for (const t of tellers) yield* t.start();
    yield* auditor.start();
    for (const t of tellers) yield* t.join();
    yield* auditor.join();
    audits.push(yield* audit());
    return { audits, total };
  },
  invariants: [
    {
      name: 'money-conserved',
      statement: 'every audit sums the balances to the money in the bank',
      check: (r) => {
        const bad = r.audits.find((a) => a !== r.total);
        return bad === undefined ? undefined : `an audit summed ${bad}, but the bank holds ${r.total}`;
      },
    },
  ],
});
