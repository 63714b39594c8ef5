/**
 * Bug: an atomicity violation across a greenlet switch point. Greenlets run one at a
 * time and switch only where they block, so code between two switch points is atomic —
 * but a read-modify-write of a shared balance that straddles a blocking call (here an
 * audit write, a patched socket call that yields to the hub) is not: another greenlet
 * runs in the gap and one of the two updates is lost. Only deposits large enough to be
 * audited straddle the switch, so the bug shows for some amounts and orders, not all.
 * With `fixed=true` the audit write comes before the read-modify-write.
 */
import { type Blocking, defineScenario, gevent, param } from 'concsim';

const { Greenlet, joinall, sleep: geventSleep } = gevent;

export default defineScenario({
  name: 'greenlet-atomicity',
  summary: 'bug: greenlets update a shared balance across a switch point (an audited write)',
  expectFailure: true,
  params: {
    depositors: param.int({ default: 3, min: 1, max: 1000, checkMax: 4, doc: 'greenlets depositing' }),
    auditAbove: param.int({ default: 80, min: 0, max: 1000, checkMax: 100, doc: 'deposits above this are audited' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'audit before reading the balance (the fix)' }),
  },
  *main(p, ctx) {
    let balance = 0;
    const amounts = Array.from({ length: p.depositors }, () => 1 + Math.floor(ctx.rng.next() * 100));
    const deposit = function* (amount: number): Blocking {
      if (p.fixed && amount > p.auditAbove) yield* geventSleep(0.001);
      const before = balance;
      if (!p.fixed && amount > p.auditAbove) yield* geventSleep(0.001); // the audit log write: a switch point
      balance = before + amount;
    };
    const gs = amounts.map((a) => Greenlet.spawn(deposit, a));
    yield* joinall(gs);
    return { balance, expected: amounts.reduce((s, a) => s + a, 0), amounts };
  },
  invariants: [
    {
      name: 'no-lost-deposit',
      statement: 'the final balance is the sum of every deposit',
      check: (r) => (r.balance !== r.expected ? `balance ${r.balance}, but deposits sum to ${r.expected}` : undefined),
    },
  ],
});
