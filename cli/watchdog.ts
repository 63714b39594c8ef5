/**
 * The wall-clock watchdog of `run`, `replay` and `check`: a scenario whose thread loops
 * without ever reaching a scheduling point cannot be stopped from inside JavaScript, so
 * the command runs in a worker thread that the main thread can terminate.
 *
 * The worker shares a small buffer with the main thread: a heartbeat counter, bumped at
 * every trace record of a single run and at the start of every run of a check, and, for a
 * single run, the step, the virtual time and the name of the thread last resumed. When the
 * heartbeat stands still for `timeout` seconds, the main thread ends the worker and
 * reports a `hang` verdict naming that thread and step. A hang inside a check is located
 * by a probe: a second worker reruns that one run with the trace on, until it hangs too.
 * Output is written straight to the file descriptors (synchronously), so every line the
 * worker printed before hanging is out.
 */
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { formatTime, kernel, type TraceListener } from '../engine/index.ts';
import { formatParams } from '../runner/format.ts';

/** Default `--timeout`, in seconds of wall-clock time without progress. */
export const DEFAULT_TIMEOUT = 30;

const BEAT = 0;
const STEP = 1;
const FIBER = 2;
const RUN = 3;
const NAME_LENGTH = 4;
const NAME_AT = 64;
const NAME_MAX = 192;

/** The buffer a worker reports its progress in, as both sides see it. */
export class Progress {
  private readonly ints: Int32Array;
  private readonly time: Float64Array;
  private readonly name: Uint8Array;
  private readonly encoder = new TextEncoder();

  constructor(readonly buffer = new SharedArrayBuffer(NAME_AT + NAME_MAX)) {
    this.ints = new Int32Array(buffer, 0, 8);
    this.time = new Float64Array(buffer, 32, 1);
    this.name = new Uint8Array(buffer, NAME_AT, NAME_MAX);
  }

  /** The worker is alive and has loaded concsim: from now on, it must keep beating. */
  beat(): void {
    Atomics.add(this.ints, BEAT, 1);
  }

  /** A check is starting its explored run `index` (0-based). */
  run(index: number): void {
    Atomics.store(this.ints, RUN, index + 1);
    this.beat();
  }

  /** A trace listener keeping the heartbeat, the step, the time and the running thread. */
  listener(): TraceListener {
    let last = -1;
    return (r) => {
      Atomics.add(this.ints, BEAT, 1);
      if (r.kind !== 'run') return;
      Atomics.store(this.ints, STEP, r.step);
      this.time[0] = r.time;
      if (r.fiber !== last) {
        last = r.fiber;
        const { written } = this.encoder.encodeInto(kernel().fiberName(r.fiber), this.name);
        Atomics.store(this.ints, NAME_LENGTH, written);
        Atomics.store(this.ints, FIBER, r.fiber);
      }
    };
  }

  beats(): number {
    return Atomics.load(this.ints, BEAT);
  }

  /** Where the worker was: the thread last resumed (if a run was traced), its step and time, the check's run. */
  where(): { thread?: string; step: number; time: number; run?: number } {
    const n = Atomics.load(this.ints, NAME_LENGTH);
    const run = Atomics.load(this.ints, RUN);
    return {
      ...(n > 0 ? { thread: new TextDecoder().decode(this.name.slice(0, n)) } : {}),
      step: Atomics.load(this.ints, STEP),
      time: this.time[0] as number,
      ...(run > 0 ? { run: run - 1 } : {}),
    };
  }
}

/** What the main thread hands a worker: the command line, the progress buffer, and a check run to probe. */
export interface WorkerJob {
  readonly argv: readonly string[];
  readonly progress: SharedArrayBuffer;
  /** Rerun explored run `probe` of the check `argv` describes, traced, instead of the check. */
  readonly probe?: number;
}

/** What a worker sends back. */
export type WorkerReply =
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'run'; readonly report: HangContext };

/** What the worker says about a run before it starts, so that a hang can be reported like any verdict. */
export interface HangContext {
  readonly scenario: string;
  readonly params: Record<string, unknown>;
  readonly seed: number;
  readonly strategy: string;
  /** The command that repeats the run. */
  readonly command: string;
}

/** A worker ended by the watchdog: where it was, and what it said it was running. */
export interface Hang {
  readonly kind: 'hang';
  readonly where: ReturnType<Progress['where']>;
  readonly context?: HangContext;
}

/** The outcome of a supervised worker: its exit code, or a hang. */
export type Supervised = { readonly kind: 'exit'; readonly code: number } | Hang;

/**
 * Runs `job` in a worker started from `entry`; ends it when its heartbeat, once started,
 * stops for `timeout` seconds.
 */
export function supervise(entry: URL, job: Omit<WorkerJob, 'progress'>, timeout: number): Promise<Supervised> {
  const progress = new Progress();
  const worker = new Worker(entry, { workerData: { ...job, progress: progress.buffer } satisfies WorkerJob });
  let context: HangContext | undefined;
  /** Set when the watchdog ends the worker: its exit is then expected. */
  let ending = false;
  return new Promise<Supervised>((resolve, reject) => {
    let beats = progress.beats();
    let since = performance.now();
    const timer = setInterval(
      () => {
        const now = performance.now();
        const b = progress.beats();
        // The clock starts at the first beat: loading concsim in the worker is not the scenario's time.
        if (b !== beats || b === 0) {
          beats = b;
          since = now;
        } else if (now - since >= timeout * 1000) {
          clearInterval(timer);
          ending = true;
          const where = progress.where();
          void worker.terminate().then(() => resolve({ kind: 'hang', where, ...(context ? { context } : {}) }));
        }
      },
      Math.min(250, timeout * 250),
    );
    worker.on('message', (m: WorkerReply) => {
      if (m.kind === 'run') context = m.report;
      else {
        clearInterval(timer);
        resolve({ kind: 'exit', code: m.code });
      }
    });
    worker.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    // A worker gone without its answer (a scenario calling process.exit) is an error, not
    // a pending promise: settled already, this does nothing.
    worker.on('exit', (code) => {
      clearInterval(timer);
      if (!ending)
        reject(
          Object.assign(new Error(`the scenario ended its worker (exit code ${code}) before the run ended`), {
            code: 'ERR_CONCSIM_WORKER_EXIT',
          }),
        );
    });
  });
}

/**
 * A worker's output: straight to the file descriptors, synchronously, so that nothing
 * printed before a hang is lost when the worker is ended. A full pipe is waited for; a
 * pipe whose reader has gone (`concsim run X --log | head`) takes nothing more.
 */
export function writeNow(fd: number, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length > 0) {
    try {
      buf = buf.subarray(writeSync(fd, buf));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw e;
    }
  }
}

/**
 * A hang as the CLI prints it, like any verdict: the run (or, for a check, the explored
 * run that hung) with a `hang` verdict in text or one JSON document on stdout, and the
 * command that repeats it on stderr.
 */
export function hangReport(
  h: Hang,
  timeout: number,
  o: { readonly check: boolean; readonly json: boolean },
): { stdout: string[]; stderr: string[] } {
  const { where, context } = h;
  const verdict = {
    kind: 'hang' as const,
    ...(where.thread === undefined ? {} : { thread: where.thread }),
    step: where.step,
    time: where.time,
    timeout,
  };
  const who = where.thread === undefined ? 'the scenario' : `thread ${where.thread}`;
  const said = `hang: ${who} did not yield for ${timeout} s of wall-clock time (after step ${where.step}, at ${formatTime(where.time)} virtual); --timeout sets the limit`;
  const run = context === undefined ? { verdict } : { ...context, verdict, replay: context.command };
  const params = context === undefined ? [] : [`  params      ${formatParams(context.params)}`];
  const stderr = context === undefined ? [] : [`repeat: ${context.command}`];
  if (o.check) {
    const at = (where.run ?? 0) + 1;
    const stdout = o.json
      ? [JSON.stringify({ scenario: context?.scenario, ok: false, runs: at, foundAt: at, failure: run })]
      : [`check ${context?.scenario ?? ''}: run ${at} of the exploration hung`, ...params, `  verdict     ${said}`];
    return { stdout, stderr };
  }
  const head =
    context === undefined ? [] : [`${context.scenario}  (seed ${context.seed}, strategy ${context.strategy})`];
  return { stdout: o.json ? [JSON.stringify(run)] : [...head, ...params, `  verdict     ${said}`], stderr };
}
