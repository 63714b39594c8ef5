/**
 * Long commands in reports: folded in HTML, split over lines in Markdown — and the split
 * lines, pasted into a shell, are the same command (checked with bash itself).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandHtml, commandMarkdown, foldCommand, LONG_COMMAND } from './command.ts';

const choices = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? '1*4' : String(i % 3))).join(',');
const LONG = `concsim replay io-models --seed 0 --param 'think=0.5' --param clients=300 --choices '${choices}'`;

/** The words bash makes of `script` (its first word replaced by a printer). */
function argv(script: string): string[] {
  const out = execFileSync('bash', ['-c', script.replace(/^concsim/, "printf '%s\\n'")], { encoding: 'utf8' });
  return out.split('\n').slice(0, -1);
}

describe('commands in reports', () => {
  it('keeps a short command inline and folds a long one, whole and escaped', () => {
    expect(commandHtml('concsim run x --seed 1')).toBe('<code class="cmd">concsim run x --seed 1</code>');
    const html = commandHtml(`${LONG} <&>`);
    expect(html).toMatch(/^<details class="cmd"><summary><code>concsim replay io-models --seed 0 [^<]* …<\/code>/);
    expect(html).toContain(`<pre class="cmd-full"><code>${LONG} &lt;&amp;&gt;</code></pre></details>`);
    expect(commandMarkdown('concsim run x')).toEqual({ inline: '`concsim run x`' });
  });

  it('splits a long command into short lines that a shell reads back as the same words', () => {
    expect(LONG.length).toBeGreaterThan(LONG_COMMAND);
    const lines = foldCommand(LONG);
    expect(lines.length).toBeGreaterThan(50);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
    expect(argv(lines.join('\n'))).toEqual(argv(LONG));
    const md = commandMarkdown(LONG);
    expect('block' in md && md.block.startsWith('```sh\nconcsim replay io-models')).toBe(true);
  });

  it('leaves a word it cannot split safely whole', () => {
    const odd = `concsim run x --param 'note=${'$'.repeat(150)}'`;
    expect(argv(foldCommand(odd).join('\n'))).toEqual(argv(odd));
  });
});
