// A worker thread starts without the main thread's tsx loader (Node 20 does not pass
// module hooks on to workers): register it here, then run the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
