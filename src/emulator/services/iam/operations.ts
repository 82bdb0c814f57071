import type { ServiceOperation } from "../context";
import {
  attachRolePolicy,
  deleteRolePolicy,
  detachRolePolicy,
  getRolePolicy,
  listAttachedRolePolicies,
  listRolePolicies,
  putRolePolicy,
} from "./rolePolicies";
import {
  createRole,
  deleteRole,
  getRole,
  listRoleTags,
  listRoles,
  tagRole,
  untagRole,
  updateAssumeRolePolicy,
  updateRole,
  updateRoleDescription,
} from "./roles";

/** IAM role operations, by model name. @internal */
export const IAM_OPERATIONS: Readonly<Record<string, ServiceOperation>> = {
  CreateRole: createRole,
  GetRole: getRole,
  ListRoles: listRoles,
  UpdateRole: updateRole,
  UpdateRoleDescription: updateRoleDescription,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  DeleteRole: deleteRole,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  ListRolePolicies: listRolePolicies,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
};
