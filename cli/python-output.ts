/**
 * The CLI's share of running a `.py` file: the `--preempt` flag, and the program's own
 * output, which `run` prints as `python3 prog.py` would. Types only from runner/python.ts,
 * so that a TypeScript scenario's start-up does not load the Python front end.
 */
import type { Preempt, PythonOutput } from '../runner/python.ts';
import type { AnyScenario } from '../runner/scenario.ts';
import { UsageFailure } from './usage.ts';

/** The latest run's output of a `.py` scenario (a deadlocked run's too); undefined for others. */
export function pythonOutputOf(s: AnyScenario | undefined): PythonOutput | undefined {
  return (s as { lastOutput?: () => PythonOutput | undefined } | undefined)?.lastOutput?.();
}

export function parsePreempt(text: string): Preempt {
  if (text !== 'breaker' && text !== 'blocking') {
    throw new UsageFailure(`invalid --preempt '${text}': expected breaker or blocking`);
  }
  return text;
}
