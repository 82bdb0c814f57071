// A named import: the bundles then hold the version string only, not the whole package.json.
import { version } from "../../package.json";

/** The package version, printed by `roles-anywhere --version`. @internal */
export const VERSION: string = version;
