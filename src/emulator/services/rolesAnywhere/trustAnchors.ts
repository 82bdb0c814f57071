import { newResourceId } from "../../ids";
import type { NotificationSettingRecord, ResourceTag } from "../../state/records";
import type { ServiceContext } from "../context";
import { fault } from "../fault";
import { pageOf } from "../pagination";
import { trustAnchorDetail } from "./details";
import { trustAnchorById } from "./lookup";
import { checkNewTags } from "./tags";
import { resolveTrustAnchorSource, type SourceInput } from "./trustAnchorSource";

type Input = Record<string, unknown>;
type SettingInput = { enabled: boolean; event: NotificationSettingRecord["event"]; threshold?: number; channel?: "ALL" };

/** Default page size of Roles Anywhere list operations (a choice; AWS does not document it). @internal */
export const DEFAULT_PAGE_SIZE = 50;

/** Applies notification settings over the current ones, matched by event and channel. @internal */
export function mergeNotificationSettings(
  current: NotificationSettingRecord[],
  updates: readonly SettingInput[],
  by: string,
): NotificationSettingRecord[] {
  const next = current.map((s) => ({ ...s }));
  for (const u of updates) {
    const channel = u.channel ?? "ALL";
    const found = next.find((s) => s.event === u.event && (s.channel ?? "ALL") === channel);
    const setting: NotificationSettingRecord = {
      enabled: u.enabled,
      event: u.event,
      channel,
      threshold: u.threshold ?? found?.threshold ?? 45,
      configuredBy: by,
    };
    if (found) Object.assign(found, setting);
    else next.push(setting);
  }
  return next;
}

/** CreateTrustAnchor. @internal */
export function createTrustAnchor(ctx: ServiceContext, input: Input) {
  const { source, certificates } = resolveTrustAnchorSource(ctx, input["source"] as SourceInput);
  const tags = checkNewTags(input["tags"] as ResourceTag[] | undefined);
  const id = newResourceId();
  const anchor = ctx.state.addTrustAnchor({
    id,
    name: input["name"] as string,
    certificates: certificates.map((c) => c.der),
    enabled: (input["enabled"] as boolean | undefined) ?? false,
    source,
  });
  anchor.tags = tags;
  anchor.notificationSettings = mergeNotificationSettings(
    anchor.notificationSettings,
    (input["notificationSettings"] as SettingInput[] | undefined) ?? [],
    ctx.callerArn,
  );
  return { trustAnchor: trustAnchorDetail(anchor) };
}

/** GetTrustAnchor. @internal */
export const getTrustAnchor = (ctx: ServiceContext, input: Input) => ({
  trustAnchor: trustAnchorDetail(trustAnchorById(ctx.state, input["trustAnchorId"] as string)),
});

/** ListTrustAnchors. @internal */
export function listTrustAnchors(ctx: ServiceContext, input: Input) {
  const page = pageOf(
    [...ctx.state.trustAnchors.values()],
    input["nextToken"] as string | undefined,
    pageSizeOf(input),
    "ValidationException",
  );
  return { trustAnchors: page.items.map(trustAnchorDetail), ...(page.next ? { nextToken: page.next } : {}) };
}

/** UpdateTrustAnchor: name and/or source (a private CA's certificate is captured again). @internal */
export function updateTrustAnchor(ctx: ServiceContext, input: Input) {
  const anchor = trustAnchorById(ctx.state, input["trustAnchorId"] as string);
  const resolved = input["source"] === undefined ? undefined : resolveTrustAnchorSource(ctx, input["source"] as SourceInput);
  if (input["name"] !== undefined) anchor.name = input["name"] as string;
  if (resolved) {
    anchor.source = resolved.source;
    anchor.certificates = resolved.certificates;
  }
  anchor.updatedAt = ctx.now;
  return { trustAnchor: trustAnchorDetail(anchor) };
}

/** DeleteTrustAnchor (its CRLs go with it). @internal */
export function deleteTrustAnchor(ctx: ServiceContext, input: Input) {
  const anchor = trustAnchorById(ctx.state, input["trustAnchorId"] as string);
  ctx.state.trustAnchors.delete(anchor.id);
  return { trustAnchor: trustAnchorDetail(anchor) };
}

/** EnableTrustAnchor / DisableTrustAnchor: the next CreateSession sees the change. @internal */
export const setTrustAnchorEnabled = (enabled: boolean) => (ctx: ServiceContext, input: Input) => {
  const anchor = trustAnchorById(ctx.state, input["trustAnchorId"] as string);
  anchor.enabled = enabled;
  anchor.updatedAt = ctx.now;
  return { trustAnchor: trustAnchorDetail(anchor) };
};

/** PutNotificationSettings (stored; nothing is sent). @internal */
export function putNotificationSettings(ctx: ServiceContext, input: Input) {
  const anchor = trustAnchorById(ctx.state, input["trustAnchorId"] as string);
  anchor.notificationSettings = mergeNotificationSettings(
    anchor.notificationSettings,
    input["notificationSettings"] as SettingInput[],
    ctx.callerArn,
  );
  anchor.updatedAt = ctx.now;
  return { trustAnchor: trustAnchorDetail(anchor) };
}

/** ResetNotificationSettings: the named settings go back to the service's defaults. @internal */
export function resetNotificationSettings(ctx: ServiceContext, input: Input) {
  const anchor = trustAnchorById(ctx.state, input["trustAnchorId"] as string);
  const keys = input["notificationSettingKeys"] as { event: NotificationSettingRecord["event"]; channel?: "ALL" }[];
  for (const key of keys) {
    const setting = anchor.notificationSettings.find((s) => s.event === key.event && (s.channel ?? "ALL") === (key.channel ?? "ALL"));
    if (!setting) throw fault("ResourceNotFoundException", "Resource not found.", `trust anchor ${anchor.id} has no ${key.event} setting`);
  }
  for (const key of keys) {
    const setting = anchor.notificationSettings.find((s) => s.event === key.event && (s.channel ?? "ALL") === (key.channel ?? "ALL"))!;
    Object.assign(setting, { enabled: true, threshold: 45, configuredBy: "rolesanywhere.amazonaws.com" });
  }
  anchor.updatedAt = ctx.now;
  return { trustAnchor: trustAnchorDetail(anchor) };
}

/** The page size of a list request (default {@link DEFAULT_PAGE_SIZE}; below 1 is refused). @internal */
export function pageSizeOf(input: Input): number {
  const size = input["pageSize"] as number | undefined;
  if (size === undefined) return DEFAULT_PAGE_SIZE;
  if (size < 1)
    throw fault(
      "ValidationException",
      `1 validation error detected: Value '${size}' at 'pageSize' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  return size;
}
