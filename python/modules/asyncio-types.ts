/** The Python classes asyncio's binding shares with the runtime (kept apart to keep imports one-way). */
import { Exception } from '../runtime/types.ts';
import { mkType } from './registry.ts';

export { BaseException, isInstance, pyErr, setPyType, TimeoutError, typeError, typeName } from '../runtime/types.ts';
export const InvalidStateErrorAio = mkType('InvalidStateError', 'asyncio.exceptions', Exception);
