import { RolesAnywhereError } from "../../../errors";
import type { ServiceContext } from "../context";
import { fault } from "../fault";
import { pageOf } from "../pagination";
import { checkTrustPolicy } from "./policyDocument";
import { maxItemsOf, roleByName, roleView, truncation } from "./roleView";

type Input = Record<string, unknown>;
type Tag = { Key: string; Value: string };

/** Tags per IAM role (IAM quota). @internal */
export const MAX_ROLE_TAGS = 50;

function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const next = current.map((t) => ({ ...t }));
  for (const tag of added) {
    const found = next.find((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (found) found.Value = tag.Value;
    else next.push({ Key: tag.Key, Value: tag.Value });
  }
  if (next.length > MAX_ROLE_TAGS)
    throw fault("LimitExceededException", `The number of tags has reached the maximum limit of ${MAX_ROLE_TAGS}.`);
  return next;
}

/** CreateRole. @internal */
export function createRole(ctx: ServiceContext, input: Input) {
  const name = input["RoleName"] as string;
  const text = input["AssumeRolePolicyDocument"] as string;
  const trustPolicy = checkTrustPolicy(text);
  if ([...ctx.state.roles.values()].some((r) => r.name.toLowerCase() === name.toLowerCase())) {
    throw fault("EntityAlreadyExistsException", `Role with name ${name} already exists.`);
  }
  const tags = mergeTags([], (input["Tags"] as Tag[] | undefined) ?? []);
  let role;
  try {
    role = ctx.state.addRole({
      name,
      path: (input["Path"] as string | undefined) ?? "/",
      trustPolicy: text,
      ...(input["MaxSessionDuration"] === undefined ? {} : { maxSessionDuration: input["MaxSessionDuration"] as number }),
      ...(input["Description"] === undefined ? {} : { description: input["Description"] as string }),
    });
  } catch (error) {
    if (error instanceof RolesAnywhereError) throw fault("ValidationException", error.message);
    throw error;
  }
  role.trustPolicy = trustPolicy;
  role.tags = tags;
  if (input["PermissionsBoundary"] !== undefined) role.permissionsBoundary = input["PermissionsBoundary"] as string;
  return { Role: roleView(role) };
}

/** GetRole. @internal */
export const getRole = (ctx: ServiceContext, input: Input) => ({ Role: roleView(roleByName(ctx.state, input["RoleName"] as string)) });

/** ListRoles (by `PathPrefix`, paged with `Marker` / `MaxItems`). @internal */
export function listRoles(ctx: ServiceContext, input: Input) {
  const prefix = (input["PathPrefix"] as string | undefined) ?? "/";
  const roles = [...ctx.state.roles.values()].filter((r) => r.path.startsWith(prefix));
  const page = pageOf(roles, input["Marker"] as string | undefined, maxItemsOf(input), "InvalidInputException");
  return { Roles: page.items.map((r) => roleView(r, false)), ...truncation(page.next) };
}

/** UpdateRole: description and maximum session duration. @internal */
export function updateRole(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  if (input["Description"] !== undefined) role.description = input["Description"] as string;
  if (input["MaxSessionDuration"] !== undefined) role.maxSessionDuration = input["MaxSessionDuration"] as number;
  return {};
}

/** UpdateRoleDescription. @internal */
export function updateRoleDescription(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  role.description = input["Description"] as string;
  return { Role: roleView(role) };
}

/** UpdateAssumeRolePolicy: the next CreateSession evaluates the new trust policy. @internal */
export function updateAssumeRolePolicy(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  const text = input["PolicyDocument"] as string;
  role.trustPolicy = checkTrustPolicy(text);
  role.trustPolicyText = text;
  return {};
}

/** DeleteRole: refused while policies are attached or inline (`DeleteConflict`), as IAM does. @internal */
export function deleteRole(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  if (Object.keys(role.inlinePolicies).length > 0)
    throw fault("DeleteConflictException", "Cannot delete entity, must delete policies first.");
  if (role.attachedPolicies.length > 0) throw fault("DeleteConflictException", "Cannot delete entity, must detach all policies first.");
  ctx.state.roles.delete(role.name);
  return {};
}

/** TagRole. @internal */
export function tagRole(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  role.tags = mergeTags(role.tags, input["Tags"] as Tag[]);
  return {};
}

/** UntagRole. @internal */
export function untagRole(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  const keys = new Set((input["TagKeys"] as string[]).map((k) => k.toLowerCase()));
  role.tags = role.tags.filter((t) => !keys.has(t.Key.toLowerCase()));
  return {};
}

/** ListRoleTags. @internal */
export function listRoleTags(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  const page = pageOf(role.tags, input["Marker"] as string | undefined, maxItemsOf(input), "InvalidInputException");
  return { Tags: page.items.map((t) => ({ ...t })), ...truncation(page.next) };
}
