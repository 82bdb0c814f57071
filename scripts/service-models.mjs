#!/usr/bin/env node
// Writes the compact service descriptions the emulator's control plane is driven by, from the
// service models that AWS's own clients ship (botocore's data/<service>/<version>/service-2.json,
// plain or gzipped): operations (HTTP route, input/output shapes, errors), the shapes they
// reach (members, locations, required members, enums, lengths, ranges, patterns) and the name of
// every operation of the service. Documentation strings are dropped.
//
//   node scripts/service-models.mjs            regenerate src/emulator/controlPlane/models/*.ts
//   node scripts/service-models.mjs --check    exit 1 when a checked-in file differs from the model
//   node scripts/service-models.mjs --data DIR use DIR as botocore's data folder
//
// Without --data, the data folder of the botocore the aws CLI runs on is used (it comes with the
// aws CLI v1).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const MODELS_DIR = join(root, "src", "emulator", "controlPlane", "models");

/**
 * What the emulator serves of each service: every Roles Anywhere operation; the IAM role and
 * ACM PCA operations it implements (the description still lists every operation name, so an
 * unimplemented one is told apart from a misspelt one).
 */
export const SERVICES = [
  { name: "rolesanywhere", version: "2018-05-10", constName: "ROLES_ANYWHERE_MODEL", file: "rolesAnywhere.ts", operations: "all" },
  {
    name: "iam",
    version: "2010-05-08",
    constName: "IAM_MODEL",
    file: "iam.ts",
    operations: [
      "CreateRole",
      "GetRole",
      "ListRoles",
      "UpdateRole",
      "UpdateRoleDescription",
      "UpdateAssumeRolePolicy",
      "DeleteRole",
      "TagRole",
      "UntagRole",
      "ListRoleTags",
      "PutRolePolicy",
      "GetRolePolicy",
      "DeleteRolePolicy",
      "ListRolePolicies",
      "AttachRolePolicy",
      "DetachRolePolicy",
      "ListAttachedRolePolicies",
    ],
  },
  {
    name: "acm-pca",
    version: "2017-08-22",
    constName: "ACM_PCA_MODEL",
    file: "acmPca.ts",
    operations: [
      "CreateCertificateAuthority",
      "DescribeCertificateAuthority",
      "ListCertificateAuthorities",
      "GetCertificateAuthorityCsr",
      "IssueCertificate",
      "GetCertificate",
      "ImportCertificateAuthorityCertificate",
      "GetCertificateAuthorityCertificate",
      "RevokeCertificate",
      "UpdateCertificateAuthority",
      "DeleteCertificateAuthority",
      "RestoreCertificateAuthority",
      "TagCertificateAuthority",
      "UntagCertificateAuthority",
      "ListTags",
    ],
  },
];

/**
 * The Python that has botocore: the interpreter the `aws` command runs on (its shebang), else
 * `python3` on the PATH, else Debian's /usr/bin/python3. A machine can have several Pythons (pyenv
 * first on the PATH, Debian's awscli installed for /usr/bin/python3), so the first is not enough.
 * Returns the interpreter's absolute path (sys.executable); undefined when none imports botocore.
 */
export function botocorePython() {
  const candidates = [];
  try {
    const aws = execFileSync("sh", ["-c", "command -v aws"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(readFileSync(aws, "utf8").split("\n", 1)[0]);
    if (shebang) candidates.push(shebang[1].endsWith("/env") && shebang[2] ? shebang[2] : shebang[1]);
  } catch {
    // no aws command, or not a script
  }
  candidates.push("python3", "/usr/bin/python3");
  for (const python of candidates) {
    try {
      // The interpreter's own path: a pyenv shim resolves to another Python when HOME changes.
      const executable = execFileSync(python, ["-c", "import botocore,sys;print(sys.executable)"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
      if (executable) return executable;
    } catch {
      // next candidate
    }
  }
  return undefined;
}

/** botocore's data folder, from the Python that has it. */
export function botocoreDataDir(python = botocorePython() ?? "python3") {
  const out = execFileSync(python, ["-c", "import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),'data'))"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return out.trim();
}

/** The raw botocore model of a service. */
export function readModel(dataDir, service) {
  const base = join(dataDir, service.name, service.version, "service-2.json");
  if (existsSync(base)) return JSON.parse(readFileSync(base, "utf8"));
  if (existsSync(`${base}.gz`)) return JSON.parse(gunzipSync(readFileSync(`${base}.gz`)).toString("utf8"));
  throw new Error(`no service model at ${base}(.gz)`);
}

const KEPT_SHAPE_KEYS = [
  "type",
  "required",
  "min",
  "max",
  "pattern",
  "enum",
  "flattened",
  "timestampFormat",
  "exception",
  "error",
  "sensitive",
  "union",
  "document",
];
const KEPT_MEMBER_KEYS = [
  "shape",
  "location",
  "locationName",
  "idempotencyToken",
  "timestampFormat",
  "flattened",
  "queryName",
  "jsonvalue",
];

function pick(source, keys) {
  const out = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function compactMember(member) {
  return pick(member, KEPT_MEMBER_KEYS);
}

function compactShape(shape) {
  const out = pick(shape, KEPT_SHAPE_KEYS);
  if (out.error) out.error = pick(out.error, ["code", "httpStatusCode", "senderFault"]);
  if (shape.members) out.members = Object.fromEntries(Object.entries(shape.members).map(([k, m]) => [k, compactMember(m)]));
  if (shape.member) out.member = compactMember(shape.member);
  if (shape.key) out.key = compactMember(shape.key);
  if (shape.value) out.value = compactMember(shape.value);
  return out;
}

/** The compact description of one service. */
export function describeService(model, service) {
  const all = Object.keys(model.operations).sort();
  const chosen = service.operations === "all" ? all : service.operations;
  const operations = {};
  const shapes = {};
  const visit = (name) => {
    if (name === undefined || shapes[name]) return;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`${service.name}: shape ${name} is missing from the model`);
    shapes[name] = compactShape(shape);
    for (const m of Object.values(shape.members ?? {})) visit(m.shape);
    for (const key of ["member", "key", "value"]) if (shape[key]) visit(shape[key].shape);
  };
  for (const name of chosen) {
    const op = model.operations[name];
    if (!op) throw new Error(`${service.name}: operation ${name} is not in the model`);
    operations[name] = {
      http: pick(op.http ?? {}, ["method", "requestUri", "responseCode"]),
      ...(op.input ? { input: op.input.shape } : {}),
      ...(op.output ? { output: op.output.shape } : {}),
      ...(op.output?.resultWrapper ? { resultWrapper: op.output.resultWrapper } : {}),
      errors: (op.errors ?? []).map((e) => e.shape),
    };
    visit(op.input?.shape);
    visit(op.output?.shape);
    for (const e of op.errors ?? []) visit(e.shape);
  }
  const sortedShapes = Object.fromEntries(
    Object.keys(shapes)
      .sort()
      .map((k) => [k, shapes[k]]),
  );
  return {
    metadata: pick(model.metadata, [
      "apiVersion",
      "protocol",
      "jsonVersion",
      "targetPrefix",
      "xmlNamespace",
      "signingName",
      "endpointPrefix",
      "serviceId",
    ]),
    allOperations: all,
    operations,
    shapes: sortedShapes,
  };
}

/** The TypeScript module text for one service. */
export function renderModule(service, description) {
  const lines = [
    `// Generated by scripts/service-models.mjs from botocore's ${service.name}/${service.version}/service-2.json. Do not edit:`,
    "// run `npm run models` after updating botocore, then handle what changed.",
    'import type { ServiceModel } from "./types";',
    "",
    `/** The ${service.name} ${service.version} service model, compacted. @internal */`,
    `export const ${service.constName}: ServiceModel = {`,
    `  metadata: ${JSON.stringify(description.metadata)},`,
    `  allOperations: ${JSON.stringify(description.allOperations)},`,
    "  operations: {",
    ...Object.entries(description.operations).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    "  },",
    "  shapes: {",
    ...Object.entries(description.shapes).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    "  },",
    "};",
    "",
  ];
  return lines.join("\n");
}

function main() {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false }, data: { type: "string" } } });
  const dataDir = values.data ?? botocoreDataDir();
  let differs = 0;
  for (const service of SERVICES) {
    const text = renderModule(service, describeService(readModel(dataDir, service), service));
    const file = join(MODELS_DIR, service.file);
    const current = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (values.check) {
      if (current !== text) {
        differs++;
        console.error(`${file} differs from ${service.name}'s model in ${dataDir}: run npm run models`);
      }
    } else if (current !== text) {
      writeFileSync(file, text);
      console.log(`wrote ${file}`);
    }
  }
  process.exitCode = differs > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
