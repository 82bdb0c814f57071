/**
 * The `roles-anywhere` bin. Before any other code is loaded it turns on Node's on-disk compile
 * cache where the running Node has one (`module.enableCompileCache`, Node ≥ 22.1; Node 20 lacks
 * it), so later starts skip compiling the CLI's code; `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 * @internal
 */
import * as nodeModule from "node:module";

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
void import("./cli/bin");
