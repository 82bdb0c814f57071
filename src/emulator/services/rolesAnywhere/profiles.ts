import { RolesAnywhereError } from "../../../errors";
import { newResourceId } from "../../ids";
import type { EmulatorAttributeMapping } from "../../types";
import { ROLE_ARN } from "../../state/EmulatorState";
import type { ResourceTag } from "../../state/records";
import type { ServiceContext } from "../context";
import { fault } from "../fault";
import { pageOf } from "../pagination";
import { profileDetail } from "./details";
import { profileById } from "./lookup";
import { checkNewTags } from "./tags";
import { pageSizeOf } from "./trustAnchors";

type Input = Record<string, unknown>;
type Field = EmulatorAttributeMapping["certificateField"];

const asValidation = (error: unknown): never => {
  if (error instanceof RolesAnywhereError) throw fault("ValidationException", error.message.replace(/^Profile "[^"]*": /, ""));
  throw error;
};

/** The session policy must be JSON (it is stored, not evaluated). */
function checkSessionPolicy(policy: unknown): string | undefined {
  if (policy === undefined) return undefined;
  try {
    JSON.parse(policy as string);
  } catch {
    throw fault("ValidationException", "sessionPolicy is not valid JSON.");
  }
  return policy as string;
}

/** CreateProfile. @internal */
export function createProfile(ctx: ServiceContext, input: Input) {
  const tags = checkNewTags(input["tags"] as ResourceTag[] | undefined);
  const sessionPolicy = checkSessionPolicy(input["sessionPolicy"]);
  let profile;
  try {
    profile = ctx.state.addProfile({
      id: newResourceId(),
      name: input["name"] as string,
      roleArns: input["roleArns"] as string[],
      ...(input["durationSeconds"] === undefined ? {} : { durationSeconds: input["durationSeconds"] as number }),
      acceptRoleSessionName: (input["acceptRoleSessionName"] as boolean | undefined) ?? false,
      enabled: (input["enabled"] as boolean | undefined) ?? false,
      ...(sessionPolicy === undefined ? {} : { sessionPolicy }),
      managedPolicyArns: (input["managedPolicyArns"] as string[] | undefined) ?? [],
      requireInstanceProperties: (input["requireInstanceProperties"] as boolean | undefined) ?? false,
      createdBy: ctx.callerArn,
    });
  } catch (error) {
    return asValidation(error);
  }
  profile.tags = tags;
  return { profile: profileDetail(profile) };
}

/** GetProfile. @internal */
export const getProfile = (ctx: ServiceContext, input: Input) => ({
  profile: profileDetail(profileById(ctx.state, input["profileId"] as string)),
});

/** ListProfiles. @internal */
export function listProfiles(ctx: ServiceContext, input: Input) {
  const page = pageOf([...ctx.state.profiles.values()], input["nextToken"] as string | undefined, pageSizeOf(input), "ValidationException");
  return { profiles: page.items.map(profileDetail), ...(page.next ? { nextToken: page.next } : {}) };
}

/** UpdateProfile: every given member replaces the stored one; checked in full before anything changes. @internal */
export function updateProfile(ctx: ServiceContext, input: Input) {
  const profile = profileById(ctx.state, input["profileId"] as string);
  const roleArns = input["roleArns"] as string[] | undefined;
  if (roleArns !== undefined) {
    const bad = roleArns.find((arn) => !ROLE_ARN.test(arn));
    if (bad !== undefined)
      throw fault("ValidationException", `roleArns: ${bad} is not an IAM role ARN (arn:aws:iam::<account>:role/<path/>name).`);
  }
  const sessionPolicy = checkSessionPolicy(input["sessionPolicy"]);
  if (input["name"] !== undefined) profile.name = input["name"] as string;
  if (roleArns !== undefined) profile.roleArns = [...roleArns];
  if (input["durationSeconds"] !== undefined) profile.durationSeconds = input["durationSeconds"] as number;
  if (input["acceptRoleSessionName"] !== undefined) profile.acceptRoleSessionName = input["acceptRoleSessionName"] as boolean;
  if (sessionPolicy !== undefined) profile.sessionPolicy = sessionPolicy;
  if (input["managedPolicyArns"] !== undefined) profile.managedPolicyArns = [...(input["managedPolicyArns"] as string[])];
  profile.updatedAt = ctx.now;
  return { profile: profileDetail(profile) };
}

/** DeleteProfile. @internal */
export function deleteProfile(ctx: ServiceContext, input: Input) {
  const profile = profileById(ctx.state, input["profileId"] as string);
  ctx.state.profiles.delete(profile.id);
  return { profile: profileDetail(profile) };
}

/** EnableProfile / DisableProfile. @internal */
export const setProfileEnabled = (enabled: boolean) => (ctx: ServiceContext, input: Input) => {
  const profile = profileById(ctx.state, input["profileId"] as string);
  profile.enabled = enabled;
  profile.updatedAt = ctx.now;
  return { profile: profileDetail(profile) };
};

/** PutAttributeMapping: replaces the rules of one certificate field. @internal */
export function putAttributeMapping(ctx: ServiceContext, input: Input) {
  const profile = profileById(ctx.state, input["profileId"] as string);
  const field = input["certificateField"] as Field;
  const rules = (input["mappingRules"] as { specifier: string }[]).map((r) => ({ specifier: r.specifier }));
  profile.attributeMappings = [
    ...profile.attributeMappings.filter((m) => m.certificateField !== field),
    { certificateField: field, mappingRules: rules },
  ];
  profile.updatedAt = ctx.now;
  return { profile: profileDetail(profile) };
}

/**
 * DeleteAttributeMapping: removes the given specifiers of one field, or all of its rules when
 * none are given (the field then maps nothing).
 * @internal
 */
export function deleteAttributeMapping(ctx: ServiceContext, input: Input) {
  const profile = profileById(ctx.state, input["profileId"] as string);
  const field = input["certificateField"] as Field;
  const specifiers = input["specifiers"] as string[] | undefined;
  const current = profileDetail(profile).attributeMappings.find((m) => m.certificateField === field)!;
  const kept = specifiers === undefined ? [] : current.mappingRules.filter((r) => !specifiers.includes(r.specifier));
  profile.attributeMappings = [
    ...profile.attributeMappings.filter((m) => m.certificateField !== field),
    { certificateField: field, mappingRules: kept },
  ];
  profile.updatedAt = ctx.now;
  return { profile: profileDetail(profile) };
}
