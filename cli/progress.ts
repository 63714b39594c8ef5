/**
 * A minimal progress bar for long commands (`check` with many runs, `report`, the tour):
 * written to stderr, and only when stderr is a terminal, CI is unset and no --json was
 * given — piped or in CI, long commands print nothing but their results.
 */

/** Whether to draw a progress bar: stderr is a TTY, `CI` is unset, and not `--json`. */
export function showProgress(json: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return !json && process.stderr.isTTY === true && !env['CI'];
}

/** A `(done, total)` callback drawing a progress bar, and `end()` to finish its line. */
export interface ProgressBar {
  (done: number, total: number): void;
  /** Ends the bar's line (a newline) unless the last draw, which ends it, was of the total. */
  end(): void;
}

/**
 * A `(done, total)` callback drawing `[#####     ] done/total` on one line of `write`
 * (stderr by default), redrawn only when the percentage changes, ended with a newline at
 * `done === total` or by `end()`; undefined when not `enabled`. `label` goes before the bar.
 */
export function progressBar(
  enabled: boolean,
  label = '',
  write: (s: string) => void = (s) => process.stderr.write(s),
): ProgressBar | undefined {
  if (!enabled) return undefined;
  let last = -1;
  let open = false;
  const draw = (done: number, total: number) => {
    const pct = Math.floor((100 * done) / total);
    if (pct === last && done !== total) return;
    last = pct;
    open = done !== total;
    const width = 30;
    const fill = Math.round((width * done) / total);
    write(
      `\r${label ? `${label} ` : ''}[${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${done}/${total}${open ? '' : '\n'}`,
    );
  };
  return Object.assign(draw, {
    end() {
      if (open) write('\n');
      open = false;
    },
  });
}
