import type { RoleRecord } from "../../state/records";
import type { EmulatorState } from "../../state/EmulatorState";
import { fault } from "../fault";

/** IAM's `Role` shape. `AssumeRolePolicyDocument` is URL-encoded, as IAM returns it. @internal */
export const roleView = (r: RoleRecord, full = true) => ({
  Path: r.path,
  RoleName: r.name,
  RoleId: r.roleId,
  Arn: r.arn,
  CreateDate: r.createDate,
  AssumeRolePolicyDocument: encodeURIComponent(r.trustPolicyText),
  ...(r.description === undefined ? {} : { Description: r.description }),
  MaxSessionDuration: r.maxSessionDuration,
  ...(full && r.permissionsBoundary !== undefined
    ? { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: r.permissionsBoundary } }
    : {}),
  ...(full && r.tags.length > 0 ? { Tags: r.tags.map((t) => ({ ...t })) } : {}),
  ...(full ? { RoleLastUsed: {} } : {}),
});

/** The role named `name` (IAM names are case-insensitive). @throws ServiceFault NoSuchEntity @internal */
export function roleByName(state: EmulatorState, name: string): RoleRecord {
  const role = state.roles.get(name) ?? [...state.roles.values()].find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!role) throw fault("NoSuchEntityException", `The role with name ${name} cannot be found.`);
  return role;
}

/** IAM's page size (`MaxItems`, default 100). @internal */
export const maxItemsOf = (input: Record<string, unknown>): number => (input["MaxItems"] as number | undefined) ?? 100;

/** The `IsTruncated` / `Marker` members of a paged IAM answer. @internal */
export const truncation = (next: string | undefined) => (next === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: next });
