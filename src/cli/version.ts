import pkg from "../../package.json";

/** The package version, printed by `roles-anywhere --version`. @internal */
export const VERSION: string = pkg.version;
