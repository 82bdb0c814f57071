// The checked-in service descriptions are what scripts/service-models.mjs makes from botocore's
// models: a botocore with a changed or new operation makes this fail until `npm run models` is
// run and the change handled (the operations test then fails for a new Roles Anywhere operation).
import { execFileSync } from "node:child_process";
import { SERVICES, botocoreDataDir, botocorePython, readModel } from "../../../scripts/service-models.mjs";
import { describe, expect, it } from "vitest";
import { ACM_PCA_MODEL } from "../../../src/emulator/controlPlane/models/acmPca";
import { IAM_MODEL } from "../../../src/emulator/controlPlane/models/iam";
import { ROLES_ANYWHERE_MODEL } from "../../../src/emulator/controlPlane/models/rolesAnywhere";
import { CONTROL_PLANE_SERVICES } from "../../../src/emulator/controlPlane/services";

const python = botocorePython();
const botocore = (() => {
  if (!python) return undefined;
  try {
    return execFileSync(python, ["-c", "import botocore;print(botocore.__version__)"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
})();

describe("service models", () => {
  it("every operation the emulator implements has a route in its model, and every routed operation a handler", () => {
    for (const service of Object.values(CONTROL_PLANE_SERVICES)) {
      expect(Object.keys(service.operations).sort(), service.name).toEqual(Object.keys(service.model.operations).sort());
      for (const op of Object.keys(service.model.operations)) expect(service.model.allOperations, service.name).toContain(op);
    }
    expect(ROLES_ANYWHERE_MODEL.metadata).toMatchObject({ protocol: "rest-json", signingName: "rolesanywhere" });
    expect(IAM_MODEL.metadata).toMatchObject({ protocol: "query", xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/" });
    expect(ACM_PCA_MODEL.metadata).toMatchObject({ protocol: "json", targetPrefix: "ACMPrivateCA", jsonVersion: "1.1" });
  });

  it.skipIf(!botocore)(
    `every operation of the installed botocore${botocore ? ` ${botocore}` : ""} models is known here [needs:aws]${botocore ? "" : " (skipped: no Python with botocore, which comes with the aws CLI)"}`,
    () => {
      // A newer model with an operation the descriptions lack fails here: run `npm run models` and
      // handle it (for Roles Anywhere, the operations test then asks for it). An older botocore
      // (fewer operations) passes. `npm run models -- --check` compares the whole descriptions.
      const dataDir = botocoreDataDir(python);
      for (const entry of SERVICES) {
        const ours = { rolesanywhere: ROLES_ANYWHERE_MODEL, iam: IAM_MODEL, "acm-pca": ACM_PCA_MODEL }[entry.name as "iam"];
        const theirs = Object.keys(readModel(dataDir, entry).operations);
        expect(
          theirs.filter((op) => !ours.allOperations.includes(op)),
          `${entry.name}: operations missing from ${entry.file}`,
        ).toEqual([]);
      }
    },
  );
});
