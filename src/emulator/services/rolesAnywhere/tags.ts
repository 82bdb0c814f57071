import type { ResourceTag } from "../../state/records";
import type { ServiceContext } from "../context";
import { fault } from "../fault";
import { allCrls, notFound } from "./lookup";

type Input = Record<string, unknown>;

/** Tags per Roles Anywhere resource (AWS quota). @internal */
export const MAX_TAGS = 50;

/** Tags given at creation: at most {@link MAX_TAGS}, keys unique. @internal */
export function checkNewTags(tags: readonly ResourceTag[] | undefined): ResourceTag[] {
  const list = (tags ?? []).map((t) => ({ key: t.key, value: t.value }));
  if (list.length > MAX_TAGS)
    throw fault("ValidationException", `A resource can have at most ${MAX_TAGS} tags; ${list.length} were given.`);
  if (new Set(list.map((t) => t.key)).size !== list.length) throw fault("ValidationException", "Tag keys must be unique.");
  return list;
}

function taggable(ctx: ServiceContext, arn: string): { tags: ResourceTag[] } {
  const found =
    [...ctx.state.trustAnchors.values()].find((a) => a.arn === arn) ??
    [...ctx.state.profiles.values()].find((p) => p.arn === arn) ??
    allCrls(ctx.state).find((c) => c.arn === arn);
  if (!found) throw notFound("resource", arn);
  return found;
}

/** TagResource: adds or overwrites tags (at most {@link MAX_TAGS} in all: `TooManyTagsException`). @internal */
export function tagResource(ctx: ServiceContext, input: Input) {
  const resource = taggable(ctx, input["resourceArn"] as string);
  const next = resource.tags.map((t) => ({ ...t }));
  for (const tag of input["tags"] as ResourceTag[]) {
    const existing = next.find((t) => t.key === tag.key);
    if (existing) existing.value = tag.value;
    else next.push({ key: tag.key, value: tag.value });
  }
  if (next.length > MAX_TAGS) throw fault("TooManyTagsException", `A resource can have at most ${MAX_TAGS} tags.`);
  resource.tags = next;
  return {};
}

/** UntagResource. @internal */
export function untagResource(ctx: ServiceContext, input: Input) {
  const resource = taggable(ctx, input["resourceArn"] as string);
  const keys = new Set(input["tagKeys"] as string[]);
  resource.tags = resource.tags.filter((t) => !keys.has(t.key));
  return {};
}

/** ListTagsForResource. @internal */
export const listTagsForResource = (ctx: ServiceContext, input: Input) => ({
  tags: taggable(ctx, input["resourceArn"] as string).tags.map((t) => ({ ...t })),
});
