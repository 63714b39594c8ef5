/**
 * Shell commands in reports — the command that rebuilds a report, the replay command under
 * a timeline, a column of commands in a table. A replay command carries the run's whole
 * choice list, which can run to tens of thousands of characters: printed as one unbroken
 * line it made a page tens of thousands of pixels wide. So in HTML a long command is folded
 * into a `<details>` block that wraps and is selected whole by one click (the page runs no
 * script, so there is no copy button), and in Markdown it becomes a fenced block of lines
 * joined by backslash-newline, which a POSIX shell reads back as the same command.
 */
import { esc, fmt } from './svg.ts';

/** Commands longer than this are folded (HTML) or split over lines (Markdown). */
export const LONG_COMMAND = 300;
/** Line width of a command split for Markdown. */
const MD_WIDTH = 100;

/** The start of a long command, at most `n` characters cut at a space, and an ellipsis. */
export function commandHead(cmd: string, n: number): string {
  return `${cmd.slice(0, n).replace(/\s+\S*$/, '')} …`;
}

/** A command as HTML: inline `<code>` that may wrap anywhere, or folded when long. */
export function commandHtml(cmd: string): string {
  if (cmd.length <= LONG_COMMAND) return `<code class="cmd">${esc(cmd)}</code>`;
  return (
    `<details class="cmd"><summary><code>${esc(commandHead(cmd, 80))}</code> ` +
    `<span class="note">(${fmt(cmd.length)} characters: open to see it whole; one click selects it)</span></summary>` +
    `<pre class="cmd-full"><code>${esc(cmd)}</code></pre></details>`
  );
}

/** Words of a shell command: split at spaces outside single or double quotes. */
function words(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of cmd) {
    if (quote === null && ch === ' ') {
      if (cur !== '') out.push(cur);
      cur = '';
      continue;
    }
    if (quote === null && (ch === "'" || ch === '"')) quote = ch;
    else if (ch === quote) quote = null;
    cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/**
 * A word longer than a line, split into pieces that end in a backslash. Only a quoted
 * string of characters the shell leaves alone inside double quotes can be split (in double
 * quotes, backslash-newline is removed; in single quotes it is not); any other word stays whole.
 */
function splitWord(w: string, width: number): string[] {
  const m = /^'([\w,.*:=@%+/-]*)'$/.exec(w) ?? /^"([\w,.*:=@%+/-]*)"$/.exec(w);
  if (m === null || w.length <= width) return [w];
  const body = `"${m[1]}"`;
  const pieces: string[] = [];
  for (let i = 0; i < body.length; i += width - 1) pieces.push(body.slice(i, i + width - 1));
  return pieces.map((p, i) => (i < pieces.length - 1 ? `${p}\\` : p));
}

/**
 * `cmd` as lines of at most about `width` characters, each but the last ending in a
 * backslash, so that pasting them into a shell runs `cmd` unchanged.
 */
export function foldCommand(cmd: string, width = MD_WIDTH): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of words(cmd)) {
    if (cur !== '' && cur.length + 1 + w.length > width - 2) {
      lines.push(`${cur} \\`);
      cur = '';
    }
    const pieces = splitWord(w, width);
    if (pieces.length > 1) {
      // A split word starts a line of its own; all its pieces but the last are whole lines.
      if (cur !== '') lines.push(`${cur} \\`);
      lines.push(...pieces.slice(0, -1));
      cur = pieces[pieces.length - 1] as string;
      continue;
    }
    cur = cur === '' ? w : `${cur} ${w}`;
  }
  if (cur !== '') lines.push(cur);
  return lines;
}

/** A command for Markdown: inline code when short, else a fenced `sh` block of folded lines. */
export function commandMarkdown(cmd: string): { inline: string } | { block: string } {
  if (cmd.length <= LONG_COMMAND) return { inline: `\`${cmd}\`` };
  return { block: ['```sh', ...foldCommand(cmd), '```'].join('\n') };
}
