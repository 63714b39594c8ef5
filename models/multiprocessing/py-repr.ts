/** Python's `repr()` of the simple values multiprocessing's messages quote. */

/** `repr()` of a string or a simple value, as Python prints it. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/'/g, "\\'")}'`;
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Error) return `${v.name}(${pyRepr(v.message)})`;
  if (typeof v === 'function') return `<function ${v.name || '<lambda>'}>`;
  return String(v);
}
