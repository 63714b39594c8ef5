/**
 * `concsim check --junit FILE`: property checks as JUnit XML, so that any CI system shows
 * them as tests. One `<testsuite>` per scenario checked, and in it:
 *
 * - a plain check (`concsim check <scenario>`, or a sound scenario under `--all`): one
 *   `<testcase>` per invariant, failed when the check's counterexample broke it, plus one
 *   for the run verdict — every explored run ends without an exception escaping a thread,
 *   a deadlock or an exhausted step/time budget;
 * - a scenario of the zoo of known bugs under `--all` (`expectFailure`): one `<testcase>`,
 *   which passes when the check finds the bug (its replay command in `<system-out>`) and
 *   fails when it does not.
 *
 * A failure's `message` attribute is one line ending with the replay command; its body
 * holds the full verdict, the replay command and the command that repeats the check.
 * Pure: the same checks give the same bytes (times are the caller's measurements).
 */
import type { CheckReport } from '../runner/check.ts';
import { formatVerdict, verdictType } from '../runner/format.ts';
import type { AnyScenario } from '../runner/scenario.ts';
import { esc } from './html/svg.ts';

export interface JunitCheck {
  readonly scenario: Pick<AnyScenario, 'name' | 'summary' | 'invariants' | 'expectFailure'>;
  readonly check: CheckReport;
  /** `plain`: cases per invariant and verdict; `expect-bug`: one case that passes when the bug is found. */
  readonly mode: 'plain' | 'expect-bug';
  /** The command that repeats this check. */
  readonly command: string;
  /** Wall time of the check, in seconds. */
  readonly seconds: number;
}

interface Failure {
  readonly message: string;
  readonly type: string;
  readonly body: string;
}

interface Case {
  readonly name: string;
  readonly failure?: Failure;
  readonly out?: string;
}

/** Characters XML 1.0 cannot hold at all, even escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Escapes text for XML content and double-quoted attribute values (newlines kept as
 * character references in attributes). Text inside an element is escaped too: CDATA would
 * be cut short by "]]>".
 */
export function xmlEscape(s: string, attribute = false): string {
  const t = esc(s.replace(INVALID_XML, ''));
  return attribute ? t.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : t;
}

const VERDICT_CASE =
  'every run ends cleanly: no exception escapes a thread, no deadlock, no step or time budget exceeded';

function failureOf(c: CheckReport, command: string): Failure {
  const f = c.failure as NonNullable<CheckReport['failure']>;
  const full = formatVerdict(f.verdict, new Map(f.threads.map((n, i) => [i + 1, n])));
  const first = full.split('\n')[0] as string;
  return {
    message: `${first} — replay: ${f.replay}`,
    type: verdictType(f.verdict),
    body: [
      full,
      '',
      `replay: ${f.replay}`,
      `found at run ${c.foundAt} of the check (strategy ${c.strategy}, seed ${c.seed}), then shrunk`,
      `repeat the check: ${command}`,
    ].join('\n'),
  };
}

function cases(j: JunitCheck): Case[] {
  const c = j.check;
  const f = c.failure;
  if (j.mode === 'expect-bug') {
    const name = `finds its known bug within the check's runs (strategy ${c.strategy})`;
    if (f) {
      return [
        {
          name,
          out: `found at run ${c.foundAt}: ${formatVerdict(f.verdict).split('\n')[0]}\nreplay: ${f.replay}`,
        },
      ];
    }
    return [
      {
        name,
        failure: {
          message: `the known bug was not found in ${c.runs} runs — repeat the check: ${j.command}`,
          type: 'not-found',
          body: `${j.scenario.name} is a known bug (expectFailure), but ${c.runs} runs under ${c.strategy} (seed ${c.seed}) all passed.\nrepeat the check: ${j.command}`,
        },
      },
    ];
  }
  const out: Case[] = [];
  for (const inv of j.scenario.invariants ?? []) {
    const broke = f?.verdict.kind === 'invariant' && f.verdict.monitor === inv.name;
    out.push({
      name: `invariant ${inv.name}: ${inv.statement}`,
      ...(broke ? { failure: failureOf(c, j.command) } : {}),
      ...(!broke && f ? { out: `held in the ${c.runs - 1} runs before the failing one, where the check stopped` } : {}),
    });
  }
  const verdictBroke = f !== undefined && f.verdict.kind !== 'invariant';
  out.push({
    name: VERDICT_CASE,
    ...(verdictBroke ? { failure: failureOf(c, j.command) } : {}),
  });
  return out;
}

function testcase(className: string, k: Case): string {
  const open = `    <testcase classname="${xmlEscape(className, true)}" name="${xmlEscape(k.name, true)}"`;
  const inner: string[] = [];
  if (k.failure) {
    inner.push(
      `      <failure message="${xmlEscape(k.failure.message, true)}" type="${xmlEscape(k.failure.type, true)}">${xmlEscape(k.failure.body)}</failure>`,
    );
  }
  if (k.out) inner.push(`      <system-out>${xmlEscape(k.out)}</system-out>`);
  return inner.length ? `${open}>\n${inner.join('\n')}\n    </testcase>` : `${open}/>`;
}

/** The JUnit XML document for `checks`. */
export function junitXml(checks: readonly JunitCheck[], name = 'concsim check'): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let seconds = 0;
  for (const j of checks) {
    const cs = cases(j);
    const failed = cs.filter((k) => k.failure).length;
    tests += cs.length;
    failures += failed;
    seconds += j.seconds;
    const c = j.check;
    const props = [
      ['strategy', c.strategy],
      ['seed', String(c.seed)],
      ['runs', String(c.runs)],
      ['expectFailure', String(j.scenario.expectFailure === true)],
      ['command', j.command],
    ]
      .map(
        ([k, v]) => `      <property name="${xmlEscape(k as string, true)}" value="${xmlEscape(v as string, true)}"/>`,
      )
      .join('\n');
    suites.push(
      [
        `  <testsuite name="${xmlEscape(j.scenario.name, true)}" tests="${cs.length}" failures="${failed}" errors="0" skipped="0" time="${j.seconds.toFixed(3)}">`,
        `    <properties>\n${props}\n    </properties>`,
        ...cs.map((k) => testcase(`concsim.${j.scenario.name}`, k)),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name, true)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${seconds.toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Whether a check passed as its mode expects: a plain check found nothing, an expected bug was found. */
export function checkPassed(j: Pick<JunitCheck, 'check' | 'mode'>): boolean {
  return j.mode === 'expect-bug' ? !j.check.ok : j.check.ok;
}
