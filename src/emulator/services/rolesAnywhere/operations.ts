import type { ServiceOperation } from "../context";
import {
  createProfile,
  deleteAttributeMapping,
  deleteProfile,
  getProfile,
  listProfiles,
  putAttributeMapping,
  setProfileEnabled,
  updateProfile,
} from "./profiles";
import { deleteCrl, getCrl, importCrl, listCrls, setCrlEnabled, updateCrl } from "./crls";
import { getSubject, listSubjects } from "./subjects";
import { listTagsForResource, tagResource, untagResource } from "./tags";
import {
  createTrustAnchor,
  deleteTrustAnchor,
  getTrustAnchor,
  listTrustAnchors,
  putNotificationSettings,
  resetNotificationSettings,
  setTrustAnchorEnabled,
  updateTrustAnchor,
} from "./trustAnchors";

/**
 * Every Roles Anywhere control-plane operation, by its model name. The protocol adapter and a
 * browser console call the same functions.
 * @internal
 */
export const ROLES_ANYWHERE_OPERATIONS: Readonly<Record<string, ServiceOperation>> = {
  CreateTrustAnchor: createTrustAnchor,
  GetTrustAnchor: getTrustAnchor,
  ListTrustAnchors: listTrustAnchors,
  UpdateTrustAnchor: updateTrustAnchor,
  DeleteTrustAnchor: deleteTrustAnchor,
  EnableTrustAnchor: setTrustAnchorEnabled(true),
  DisableTrustAnchor: setTrustAnchorEnabled(false),
  PutNotificationSettings: putNotificationSettings,
  ResetNotificationSettings: resetNotificationSettings,
  CreateProfile: createProfile,
  GetProfile: getProfile,
  ListProfiles: listProfiles,
  UpdateProfile: updateProfile,
  DeleteProfile: deleteProfile,
  EnableProfile: setProfileEnabled(true),
  DisableProfile: setProfileEnabled(false),
  PutAttributeMapping: putAttributeMapping,
  DeleteAttributeMapping: deleteAttributeMapping,
  ImportCrl: importCrl,
  GetCrl: getCrl,
  ListCrls: listCrls,
  UpdateCrl: updateCrl,
  DeleteCrl: deleteCrl,
  EnableCrl: setCrlEnabled(true),
  DisableCrl: setCrlEnabled(false),
  ListSubjects: listSubjects,
  GetSubject: getSubject,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
