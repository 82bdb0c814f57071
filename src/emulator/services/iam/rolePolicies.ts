import type { ServiceContext } from "../context";
import { fault } from "../fault";
import { pageOf } from "../pagination";
import { INLINE_POLICIES_MAX_CHARS, checkPermissionsPolicy, policySize } from "./policyDocument";
import { maxItemsOf, roleByName, truncation } from "./roleView";

type Input = Record<string, unknown>;

/** Managed policies per role (IAM's default quota). @internal */
export const MAX_ATTACHED_POLICIES = 10;

const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,128})$/;

/** PutRolePolicy: stores an inline policy (the role's inline policies together count against 10,240 characters). @internal */
export function putRolePolicy(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  const name = input["PolicyName"] as string;
  const text = input["PolicyDocument"] as string;
  checkPermissionsPolicy(text);
  const others = Object.entries(role.inlinePolicies).filter(([n]) => n !== name);
  const total = others.reduce((sum, [, t]) => sum + policySize(t), policySize(text));
  if (total > INLINE_POLICIES_MAX_CHARS) {
    throw fault("LimitExceededException", `Maximum policy size of ${INLINE_POLICIES_MAX_CHARS} bytes exceeded for role ${role.name}`);
  }
  role.inlinePolicies = { ...role.inlinePolicies, [name]: text };
  return {};
}

function inlinePolicy(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  const name = input["PolicyName"] as string;
  const text = role.inlinePolicies[name];
  if (text === undefined || !Object.prototype.hasOwnProperty.call(role.inlinePolicies, name)) {
    throw fault("NoSuchEntityException", `The role policy with name ${name} cannot be found.`);
  }
  return { role, name, text };
}

/** GetRolePolicy (the document URL-encoded, as IAM returns it). @internal */
export function getRolePolicy(ctx: ServiceContext, input: Input) {
  const { role, name, text } = inlinePolicy(ctx, input);
  return { RoleName: role.name, PolicyName: name, PolicyDocument: encodeURIComponent(text) };
}

/** DeleteRolePolicy. @internal */
export function deleteRolePolicy(ctx: ServiceContext, input: Input) {
  const { role, name } = inlinePolicy(ctx, input);
  const { [name]: _deleted, ...rest } = role.inlinePolicies;
  role.inlinePolicies = rest;
  return {};
}

/** ListRolePolicies. @internal */
export function listRolePolicies(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  const page = pageOf(Object.keys(role.inlinePolicies), input["Marker"] as string | undefined, maxItemsOf(input), "InvalidInputException");
  return { PolicyNames: page.items, ...truncation(page.next) };
}

/** AttachRolePolicy: records the managed policy ARN (not checked for existence; never evaluated). @internal */
export function attachRolePolicy(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  const arn = input["PolicyArn"] as string;
  const m = POLICY_ARN.exec(arn);
  if (!m) throw fault("InvalidInputException", `ARN ${arn} is not valid.`);
  if (role.attachedPolicies.some((p) => p.PolicyArn === arn)) return {};
  if (role.attachedPolicies.length >= MAX_ATTACHED_POLICIES) {
    throw fault("LimitExceededException", `Cannot exceed quota for PoliciesPerRole: ${MAX_ATTACHED_POLICIES}`);
  }
  role.attachedPolicies = [...role.attachedPolicies, { PolicyName: m[2]!, PolicyArn: arn }];
  return {};
}

/** DetachRolePolicy. @internal */
export function detachRolePolicy(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  const arn = input["PolicyArn"] as string;
  if (!role.attachedPolicies.some((p) => p.PolicyArn === arn)) throw fault("NoSuchEntityException", `Policy ${arn} was not found.`);
  role.attachedPolicies = role.attachedPolicies.filter((p) => p.PolicyArn !== arn);
  return {};
}

/** ListAttachedRolePolicies. @internal */
export function listAttachedRolePolicies(ctx: ServiceContext, input: Input) {
  const role = roleByName(ctx.state, input["RoleName"] as string);
  const prefix = (input["PathPrefix"] as string | undefined) ?? "/";
  const attached = role.attachedPolicies.filter((p) => (POLICY_ARN.exec(p.PolicyArn)?.[0] ?? "").includes(`:policy${prefix}`));
  const page = pageOf(attached, input["Marker"] as string | undefined, maxItemsOf(input), "InvalidInputException");
  return { AttachedPolicies: page.items.map((p) => ({ ...p })), ...truncation(page.next) };
}
