/**
 * Python's OSError family as the socket models raise it, with Linux's errno numbers and
 * texts: `str(e)` in Python is `[Errno 111] Connection refused`, and so is `e.message`
 * here. `fromErrno` picks the subclass CPython picks for an errno (ECONNREFUSED gives
 * ConnectionRefusedError, EAGAIN gives BlockingIOError, ...).
 *
 * Differs from CPython: `TimeoutError` is the models' shared class (models/errors.ts),
 * which is not an OSError subclass here as it is in Python 3.10+; a socket timeout raises
 * it with Python's text `timed out`, and ETIMEDOUT with `[Errno 110] Connection timed out`.
 */
import { TimeoutError, withoutStack } from '../errors.ts';

/** Linux errno numbers the network models use (Python's `errno` module). */
export const errno = {
  ENOENT: 2,
  EBADF: 9,
  EAGAIN: 11,
  EWOULDBLOCK: 11,
  EEXIST: 17,
  EINVAL: 22,
  EPIPE: 32,
  ENOPROTOOPT: 92,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
} as const;

const STRERROR: Readonly<Record<number, string>> = {
  2: 'No such file or directory',
  9: 'Bad file descriptor',
  11: 'Resource temporarily unavailable',
  17: 'File exists',
  22: 'Invalid argument',
  32: 'Broken pipe',
  92: 'Protocol not available',
  97: 'Address family not supported by protocol',
  98: 'Address already in use',
  99: 'Cannot assign requested address',
  103: 'Software caused connection abort',
  104: 'Connection reset by peer',
  106: 'Transport endpoint is already connected',
  107: 'Transport endpoint is not connected',
  110: 'Connection timed out',
  111: 'Connection refused',
  113: 'No route to host',
  114: 'Operation already in progress',
  115: 'Operation now in progress',
};

/** `os.strerror(code)`. */
export function strerror(code: number): string {
  return STRERROR[code] ?? `Unknown error ${code}`;
}

/** Python's `OSError(errno, strerror)`; its message is `[Errno N] text`. */
export class OSError extends Error {
  override name = 'OSError';
  readonly errno: number | null;
  readonly strerror: string | null;
  constructor(code: number | null = null, text: string | null = null) {
    super(code === null ? (text ?? '') : `[Errno ${code}] ${text ?? strerror(code)}`);
    this.errno = code;
    this.strerror = code === null ? null : (text ?? strerror(code));
  }
}

/** Python's `BlockingIOError`: a non-blocking socket call would block (errno EAGAIN). */
export class BlockingIOError extends OSError {
  override name = 'BlockingIOError';
}
/** Python's `ConnectionError`: the base of the connection errors below. */
export class ConnectionError extends OSError {
  override name = 'ConnectionError';
}
/** Python's `BrokenPipeError`: writing to a connection whose peer has closed (EPIPE). */
export class BrokenPipeError extends ConnectionError {
  override name = 'BrokenPipeError';
}
/** Python's `ConnectionAbortedError`: the connection was aborted (ECONNABORTED). */
export class ConnectionAbortedError extends ConnectionError {
  override name = 'ConnectionAbortedError';
}
/** Python's `ConnectionRefusedError`: nothing listens at the address (ECONNREFUSED). */
export class ConnectionRefusedError extends ConnectionError {
  override name = 'ConnectionRefusedError';
}
/** Python's `ConnectionResetError`: the peer reset the connection (ECONNRESET). */
export class ConnectionResetError extends ConnectionError {
  override name = 'ConnectionResetError';
}
/** Python's `FileExistsError`: registering a socket twice with a selector or epoll (EEXIST). */
export class FileExistsError extends OSError {
  override name = 'FileExistsError';
}
/**
 * Python's `FileNotFoundError`: modifying or unregistering a socket that is not registered
 * (ENOENT).
 */
export class FileNotFoundError extends OSError {
  override name = 'FileNotFoundError';
}

/** Python's `OverflowError` (a port out of range). */
export class OverflowError extends Error {
  override name = 'OverflowError';
}

/** The exception CPython raises for `errno` `code`: the OSError subclass it maps to. */
export function fromErrno(code: number, text?: string): Error {
  switch (code) {
    case errno.EAGAIN:
    case errno.EALREADY:
    case errno.EINPROGRESS:
      return withoutStack(() => new BlockingIOError(code, text));
    case errno.EPIPE:
      return new BrokenPipeError(code, text);
    case errno.ECONNABORTED:
      return new ConnectionAbortedError(code, text);
    case errno.ECONNREFUSED:
      return new ConnectionRefusedError(code, text);
    case errno.ECONNRESET:
      return new ConnectionResetError(code, text);
    case errno.EEXIST:
      return new FileExistsError(code, text);
    case errno.ENOENT:
      return new FileNotFoundError(code, text);
    case errno.ETIMEDOUT:
      return new TimeoutError(`[Errno ${code}] ${text ?? strerror(code)}`);
    default:
      return new OSError(code, text);
  }
}

/** What a socket operation raises when its timeout passes: `TimeoutError: timed out`. */
export function timedOut(): TimeoutError {
  return new TimeoutError('timed out');
}
