/**
 * `queue` bound onto models/queue.ts: Queue, LifoQueue, PriorityQueue (ordered by Python's
 * `<` on the items), SimpleQueue (a Queue without task tracking), Empty and Full.
 */
import { LifoQueue, PriorityQueue, Queue } from '../../models/index.ts';
import { def } from '../runtime/methods.ts';
import { type AnyFn, Property, PyModule } from '../runtime/objects.ts';
import { compare, truth } from '../runtime/ops.ts';
import { QueueEmpty, QueueFull, setPyType } from '../runtime/types.ts';
import { mkType, registerModule } from './registry.ts';
import { seconds } from './threading.ts';

const queueType = mkType('Queue', 'queue');
const lifoType = mkType('LifoQueue', 'queue', queueType);
const prioType = mkType('PriorityQueue', 'queue', queueType);
const simpleType = mkType('SimpleQueue', '_queue');
setPyType(Queue.prototype, queueType);
setPyType(LifoQueue.prototype, lifoType);
setPyType(PriorityQueue.prototype, prioType);

const SIMPLE: unique symbol = Symbol('simple');
function maxsize(a: unknown[], kw: Map<string, unknown> | null): number {
  return Number(a[0] ?? kw?.get('maxsize') ?? 0);
}
function withMax<Q extends Queue>(q: Q, m: number): Q {
  (q as unknown as { $max: number }).$max = m;
  return q;
}
queueType.make = (_c, a, kw) => withMax(new Queue(maxsize(a, kw)), maxsize(a, kw));
lifoType.make = (_c, a, kw) => withMax(new LifoQueue(maxsize(a, kw)), maxsize(a, kw));
prioType.make = (_c, a, kw) =>
  withMax(
    new PriorityQueue(maxsize(a, kw), {
      compare: (x, y) => (truth(compare('<', x, y)) ? -1 : truth(compare('<', y, x)) ? 1 : 0),
    }),
    maxsize(a, kw),
  );
simpleType.make = () => {
  const q = new Queue(0);
  Object.defineProperty(q, SIMPLE, { value: true });
  Object.defineProperty(q, Symbol.for('pyType'), { value: simpleType });
  return q;
};

function timeout(x: unknown): number | null {
  return x === undefined || x === null ? null : seconds(x);
}

for (const t of [queueType, simpleType]) {
  const put = def(
    t,
    'put',
    (q: Queue, item: unknown, block?: unknown, to?: unknown) =>
      q.put(item, block === undefined ? true : truth(block), timeout(to)),
    { blk: true },
  );
  put.$kwf = (args, kw) =>
    (args[0] as Queue).put(
      args[1] ?? kw?.get('item'),
      truth(kw?.get('block') ?? args[2] ?? true),
      timeout(kw?.get('timeout') ?? args[3]),
    );
  const get = def(
    t,
    'get',
    (q: Queue, block?: unknown, to?: unknown) => q.get(block === undefined ? true : truth(block), timeout(to)),
    { blk: true },
  );
  get.$kwf = (args, kw) =>
    (args[0] as Queue).get(truth(kw?.get('block') ?? args[1] ?? true), timeout(kw?.get('timeout') ?? args[2]));
  def(t, 'put_nowait', (q: Queue, item: unknown) => {
    q.putNowait(item);
    return null;
  });
  def(t, 'get_nowait', (q: Queue) => q.getNowait());
  def(t, 'qsize', (q: Queue) => q.qsize());
  def(t, 'empty', (q: Queue) => q.empty());
}
def(queueType, 'full', (q: Queue) => q.full());
def(queueType, 'task_done', (q: Queue) => {
  q.taskDone();
  return null;
});
def(queueType, 'join', (q: Queue) => q.join(), { blk: true });
for (const [name, get] of [
  ['maxsize', (q: Queue) => (q as unknown as { $max: number }).$max],
  ['unfinished_tasks', (q: Queue) => q.unfinishedTasks],
  ['queue', (q: Queue) => q.queue],
] as const) {
  const g = get as AnyFn;
  g.$nb = true;
  queueType.dict[name] = new Property(g, null, null, null);
}

registerModule('queue', () => {
  const m = new PyModule('queue');
  m.d.Queue = queueType;
  m.d.LifoQueue = lifoType;
  m.d.PriorityQueue = prioType;
  m.d.SimpleQueue = simpleType;
  m.d.Empty = QueueEmpty;
  m.d.Full = QueueFull;
  return m;
});
