/**
 * Bug: an order violation — the main thread closes a resource a worker still uses (the
 * shape of the Mozilla and MySQL order violations in Lu et al., ASPLOS 2008). The main
 * thread opens a database connection, starts a worker that runs two queries on it,
 * and at shutdown closes the connection before joining the worker. The worker, started
 * last, runs both queries at once on the non-preemptive schedule, which passes; one
 * preemption between its queries lets the main thread close the connection under it, and
 * its second query raises "Cannot operate on a closed database". With `fixed=true` the
 * main thread joins the worker before closing.
 */
import { type Blocking, defineScenario, param, sleep, Thread } from 'concsim';

class Connection {
  closed = false;
  readonly log: string[] = [];
  *execute(sql: string): Blocking<number> {
    if (this.closed) throw new Error('ProgrammingError: Cannot operate on a closed database.');
    this.log.push(sql);
    yield* sleep(0); // the query runs in the driver, which releases the GIL
    return this.log.length;
  }
  close(): void {
    this.closed = true;
  }
}

export default defineScenario({
  name: 'close-before-join',
  summary: 'bug: the main thread closes a connection, then joins the worker still querying it',
  expectFailure: true,
  params: {
    queries: param.int({ default: 2, min: 1, max: 100, checkMax: 4, doc: 'queries the worker runs' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'join the worker before closing (the fix)' }),
  },
  *main(p) {
    const conn = new Connection();
    const errors: string[] = [];
    const worker = new Thread({
      name: 'reporter',
      *target() {
        try {
          for (let q = 1; q <= p.queries; q++) yield* conn.execute(`SELECT ${q}`);
        } catch (e) {
          errors.push((e as Error).message);
        }
      },
    });
    yield* worker.start();
    if (p.fixed) yield* worker.join();
    conn.close(); // shutdown: close the connection…
    if (!p.fixed) yield* worker.join(); // …then wait for the worker
    return { ran: conn.log.length, errors };
  },
  invariants: [
    {
      name: 'no-use-after-close',
      statement: 'the worker runs every query on an open connection',
      check: (r) => (r.errors.length > 0 ? `the worker failed: ${r.errors[0]}` : undefined),
    },
  ],
});
