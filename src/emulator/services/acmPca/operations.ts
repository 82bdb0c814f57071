import type { ServiceOperation } from "../context";
import { getCertificate, issueCertificate, revokeCertificate } from "./certificates";
import {
  createCertificateAuthority,
  deleteCertificateAuthority,
  describeCertificateAuthority,
  getCertificateAuthorityCertificate,
  getCertificateAuthorityCsr,
  importCertificateAuthorityCertificate,
  listCertificateAuthorities,
  listTags,
  restoreCertificateAuthority,
  tagCertificateAuthority,
  untagCertificateAuthority,
  updateCertificateAuthority,
} from "./certificateAuthorities";

/** ACM Private CA operations, by model name. @internal */
export const ACM_PCA_OPERATIONS: Readonly<Record<string, ServiceOperation>> = {
  CreateCertificateAuthority: createCertificateAuthority,
  DescribeCertificateAuthority: describeCertificateAuthority,
  ListCertificateAuthorities: listCertificateAuthorities,
  GetCertificateAuthorityCsr: getCertificateAuthorityCsr,
  ImportCertificateAuthorityCertificate: importCertificateAuthorityCertificate,
  GetCertificateAuthorityCertificate: getCertificateAuthorityCertificate,
  UpdateCertificateAuthority: updateCertificateAuthority,
  DeleteCertificateAuthority: deleteCertificateAuthority,
  RestoreCertificateAuthority: restoreCertificateAuthority,
  TagCertificateAuthority: tagCertificateAuthority,
  UntagCertificateAuthority: untagCertificateAuthority,
  ListTags: listTags,
  IssueCertificate: issueCertificate,
  GetCertificate: getCertificate,
  RevokeCertificate: revokeCertificate,
};
