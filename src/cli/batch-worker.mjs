// Worker threads do not inherit the main thread's tsx loader: register it, then load the TS worker.
// zod is plain JavaScript: loaded before the loader is registered, its many files skip tsx's hooks
// (the TS modules that import it later get this same module).
import 'zod';
import { register } from 'tsx/esm/api';

register();
await import('./batch-worker.ts');
