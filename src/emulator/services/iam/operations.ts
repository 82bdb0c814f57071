import type { ServiceOperation } from "../context";

/** IAM role operations, by model name. @internal */
export const IAM_OPERATIONS: Readonly<Record<string, ServiceOperation>> = {};
