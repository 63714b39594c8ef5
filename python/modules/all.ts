/** Registers every module binding (imported once by python/index.ts). */
import './sys.ts';
import './threading.ts';
import './time.ts';
import './queue.ts';
import './stdlib.ts';
import './json.ts';
import './coroutine.ts';
import './futures.ts';
import './gevent.ts';
import './gevent-queue.ts';
import './socket.ts';
import './requests.ts';
import './multiprocessing.ts';
import './asyncio.ts';
import './selectors.ts';
