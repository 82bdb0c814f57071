/**
 * Request context for IAM condition evaluation: condition key (lower-cased, because IAM
 * condition key names are case-insensitive) → values (one for single-valued keys).
 * @internal
 */
export type ConditionContext = ReadonlyMap<string, readonly string[]>;

/**
 * Builds a {@link ConditionContext} from a plain record; keys are lower-cased, `undefined`
 * values are left out (the key is then missing).
 * @internal
 */
export function createConditionContext(entries: Record<string, string | readonly string[] | undefined>): ConditionContext {
  const context = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    context.set(key.toLowerCase(), typeof value === "string" ? [value] : [...value]);
  }
  return context;
}
