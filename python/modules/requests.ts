/**
 * `requests` on a simulated web, so the note's crawler runs without a network: `get(url)`
 * waits the page's latency (a blocking call, as a real socket read is: it yields to the
 * hub only under monkey patching) and returns a Response with the page's status and body.
 *
 * Each URL's latency (50 to 500 ms) and body size (2 000 to 60 000 characters) are drawn
 * from a stream named by the URL and seeded by the run's scenario stream, so a run is
 * reproducible and the same URL answers the same way within it. A program may describe its
 * site instead: `requests.SITE['https://a.example'] = (status, latency_seconds, text)`.
 * A path ending in `/404` answers 404. No headers, cookies, sessions or redirects.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, makeRng } from '../../engine/index.ts';
import { sleep } from '../../models/index.ts';
import { str } from '../runtime/format.ts';
import { def, dictGet } from '../runtime/methods.ts';
import { type AnyFn, PyBytes, PyDict, PyFloat, PyModule, PyObject, PyTuple } from '../runtime/objects.ts';
import { OSError, pyErr } from '../runtime/types.ts';
import { mkType, registerModule } from './registry.ts';
import { seconds } from './threading.ts';

const RequestException = mkType('RequestException', 'requests.exceptions', OSError);
const MissingSchema = mkType('MissingSchema', 'requests.exceptions', RequestException);
const ReadTimeout = mkType('ReadTimeout', 'requests.exceptions', RequestException);
const HTTPError = mkType('HTTPError', 'requests.exceptions', RequestException);
const responseType = mkType('Response', 'requests.models');

interface Page {
  status: number;
  latency: number;
  text: string;
}

const REASONS: Record<number, string> = { 200: 'OK', 404: 'Not Found', 500: 'Internal Server Error' };

/** A page of the simulated web: described by the program, or drawn for this URL. */
function page(site: PyDict, salt: number, url: string): Page {
  const d = dictGet(site, url);
  if (d instanceof PyTuple) {
    const [st, lat, text] = d.a;
    return { status: Number(st), latency: seconds(lat), text: str(text) };
  }
  const r = makeRng(salt, `requests:${url}`);
  const latency = Math.round(r.uniform(0.05, 0.5) * 1000) / 1000;
  const size = 2000 + r.int(58001);
  const status = /\/404\/?$/.test(url) ? 404 : 200;
  const body = `<html><!-- ${url} -->`;
  return { status, latency, text: `${body}${'x'.repeat(Math.max(0, size - body.length - 7))}</html>` };
}

function response(url: string, p: Page): PyObject {
  const o = new PyObject(responseType);
  o.d.url = url;
  o.d.status_code = p.status;
  o.d.reason = REASONS[p.status] ?? '';
  o.d.text = p.text;
  o.d.content = new PyBytes(new TextEncoder().encode(p.text));
  o.d.ok = p.status < 400;
  o.d.encoding = 'utf-8';
  o.d.elapsed = new PyFloat(p.latency);
  return o;
}
def(responseType, '__repr__', (o: PyObject) => `<Response [${o.d.status_code}]>`);
def(responseType, 'raise_for_status', (o: PyObject) => {
  const st = Number(o.d.status_code);
  if (st >= 400) {
    const kind = st < 500 ? 'Client' : 'Server';
    throw pyErr(HTTPError, `${st} ${kind} Error: ${o.d.reason} for url: ${o.d.url}`);
  }
  return null;
});

registerModule('requests', () => {
  const m = new PyModule('requests');
  const site = new PyDict();
  let salt: number | null = null;
  const get = function* (url: unknown, timeout: unknown): Blocking<unknown> {
    const u = str(url);
    if (!/^https?:\/\//.test(u)) {
      throw pyErr(MissingSchema, `Invalid URL '${u}': No scheme supplied. Perhaps you meant https://${u}?`);
    }
    salt ??= kernel('requests.get()').rng.next();
    const p = page(site, salt, u);
    const limit = timeout === undefined || timeout === null ? null : seconds(timeout);
    if (limit !== null && p.latency > limit) {
      yield* sleep(limit);
      const host = u.replace(/^https?:\/\//, '').split('/')[0];
      throw pyErr(
        ReadTimeout,
        `HTTPSConnectionPool(host='${host}', port=443): Read timed out. (read timeout=${limit})`,
      );
    }
    yield* sleep(p.latency);
    return response(u, p);
  };
  const f = ((url: unknown) => get(url, undefined)) as AnyFn;
  f.$name = 'get';
  f.$blk = true;
  f.$kwf = (a, kw) => get(a[0] ?? kw?.get('url'), kw?.get('timeout'));
  m.d.get = f;
  m.d.SITE = site;
  m.d.Response = responseType;
  const ex = new PyModule('requests.exceptions');
  for (const t of [RequestException, MissingSchema, ReadTimeout, HTTPError]) {
    ex.d[t.name] = t;
    m.d[t.name] = t;
  }
  ex.d.Timeout = ReadTimeout;
  m.d.Timeout = ReadTimeout;
  m.d.exceptions = ex;
  return m;
});
