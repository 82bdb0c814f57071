import { ACM_PCA_OPERATIONS } from "../services/acmPca/operations";
import type { ServiceOperation } from "../services/context";
import { IAM_OPERATIONS } from "../services/iam/operations";
import { ROLES_ANYWHERE_OPERATIONS } from "../services/rolesAnywhere/operations";
import { ACM_PCA_MODEL } from "./models/acmPca";
import { IAM_MODEL } from "./models/iam";
import type { ServiceModel } from "./models/types";
import { ROLES_ANYWHERE_MODEL } from "./models/rolesAnywhere";

/** A control-plane service: its signing name, model and operations. @internal */
export interface ControlPlaneService {
  /** The credential scope's service name (`rolesanywhere`, `iam`, `acm-pca`). */
  readonly name: "rolesanywhere" | "iam" | "acm-pca";
  readonly model: ServiceModel;
  readonly operations: Readonly<Record<string, ServiceOperation>>;
}

/** The services the control plane answers for. @internal */
export const CONTROL_PLANE_SERVICES: Readonly<Record<ControlPlaneService["name"], ControlPlaneService>> = {
  rolesanywhere: { name: "rolesanywhere", model: ROLES_ANYWHERE_MODEL, operations: ROLES_ANYWHERE_OPERATIONS },
  iam: { name: "iam", model: IAM_MODEL, operations: IAM_OPERATIONS },
  "acm-pca": { name: "acm-pca", model: ACM_PCA_MODEL, operations: ACM_PCA_OPERATIONS },
};
