/** Small re-exports the module bindings share. */
export { makeExc, SystemExit, typeError, typeName as mkTypeHelper } from '../runtime/types.ts';
