import type { ServiceOperation } from "../context";

/** ACM Private CA operations, by model name. @internal */
export const ACM_PCA_OPERATIONS: Readonly<Record<string, ServiceOperation>> = {};
