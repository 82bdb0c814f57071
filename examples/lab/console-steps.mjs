// Steps 6–15 of the classic lab, which AWS's lab does in the console: two IAM roles with trust
// policies, a trust anchor (from the CA certificate, or step 11's other branch: an ACM Private
// CA), a profile holding both roles, and the anchor and profile IDs recorded in config.json.
// Here they are real API calls against the emulator's control plane: with the `aws` CLI when it
// is installed (each command printed as the lab's step, the IDs taken from its JSON output),
// else with the AWS SDK v3 clients.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

const PCA_TEMPLATE = (name) => `arn:aws:acm-pca:::template/${name}`;

/**
 * Runs one `aws` command against the emulator with its admin credentials and returns the parsed
 * JSON output. `shown` is the command as the lab prints it (relative file:// paths, no endpoint).
 */
function awsRunner({ aws, emulator, env, workDir, log }) {
  return async (args, { input } = {}) => {
    const shown = args.map((a) =>
      a.startsWith("file://") || a.startsWith("fileb://") ? a.replace(workDir, relative(process.cwd(), workDir) || ".") : a,
    );
    log(`$ aws ${shown.map((a) => (/[\s{}"]/.test(a) ? `'${a}'` : a)).join(" ")}`);
    const full = [...args, "--endpoint-url", emulator.url, "--region", "us-east-1", "--output", "json"];
    try {
      const { stdout } = await execFileAsync(aws, full, { env, timeout: 120_000, ...(input ? { input } : {}) });
      return stdout.trim() === "" ? {} : JSON.parse(stdout);
    } catch (error) {
      const said = String(error?.stderr ?? error?.message ?? error).trim();
      throw new Error(`aws ${args.slice(0, 2).join(" ")} failed: ${said}`);
    }
  };
}

/** The same calls through the SDK v3 clients, with their model names. */
async function sdkRunner({ emulator }) {
  const [iam, ra, pca] = await Promise.all([
    import("@aws-sdk/client-iam"),
    import("@aws-sdk/client-rolesanywhere"),
    import("@aws-sdk/client-acm-pca"),
  ]);
  const config = { region: "us-east-1", endpoint: emulator.url, credentials: { ...emulator.adminCredentials }, maxAttempts: 1 };
  const clients = {
    iam: new iam.IAMClient(config),
    rolesanywhere: new ra.RolesAnywhereClient(config),
    "acm-pca": new pca.ACMPCAClient(config),
  };
  const modules = { iam, rolesanywhere: ra, "acm-pca": pca };
  return {
    call: (service, operation, input) => clients[service].send(new modules[service][`${operation}Command`](input)),
    destroy: () => Object.values(clients).forEach((c) => c.destroy()),
  };
}

/** A PEM CSR for CN=<name> signed with the user's key (in-process; easy-rsa makes its own). */
export async function inProcessRequest({ name, keyFile, csrFile }) {
  const { generateKeyPair, sign } = await import("node:crypto");
  const asn1js = await import("asn1js");
  const pkijs = await import("pkijs");
  const { privateKey, publicKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  csr.subject.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: "2.5.4.3", value: new asn1js.Utf8String({ value: name }) }));
  csr.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(publicKey.export({ type: "spki", format: "der" }));
  const tbs = new Uint8Array(csr.encodeTBS().toBER(false));
  csr.tbsView = tbs;
  csr.signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: "1.2.840.113549.1.1.11", algorithmParams: new asn1js.Null() });
  const signature = sign("sha256", tbs, privateKey);
  csr.signatureValue = new asn1js.BitString({
    valueHex: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength),
  });
  const der = Buffer.from(csr.toSchema(false).toBER(false));
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  await writeFile(csrFile, `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join("\n")}\n-----END CERTIFICATE REQUEST-----\n`);
  await writeFile(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
}

/**
 * Steps 6–15 against a running emulator.
 * @param {{ emulator: { url: string, adminCredentials: { accessKeyId: string, secretAccessKey: string } },
 *   workDir: string, aws?: string, env?: NodeJS.ProcessEnv, pca?: boolean, caPem?: string,
 *   requests?: Record<string, { csrFile: string, certificateFile: string }>, roles: { all: string, onlyThule: string },
 *   trustPolicies: { all: object, onlyThule: object }, log?: (line: string) => void }} options
 * @returns {Promise<{ anchorId: string, profileId: string, roleArns: string[], via: "aws" | "sdk", caArn?: string, caPem: string }>}
 */
export async function runConsoleSteps({
  emulator,
  workDir,
  aws,
  env,
  pca = false,
  caPem,
  requests = {},
  roles,
  trustPolicies,
  log = () => {},
}) {
  const files = {
    all: join(workDir, "trust-policy-all.json"),
    onlyThule: join(workDir, "trust-policy-only-thule.json"),
    source: join(workDir, "trust-anchor-source.json"),
  };
  await writeFile(files.all, `${JSON.stringify(trustPolicies.all, null, 2)}\n`);
  await writeFile(files.onlyThule, `${JSON.stringify(trustPolicies.onlyThule, null, 2)}\n`);
  const via = aws ? "aws" : "sdk";
  const sdk = aws ? undefined : await sdkRunner({ emulator });
  const cli = aws
    ? awsRunner({
        aws,
        emulator,
        env: {
          ...env,
          AWS_ACCESS_KEY_ID: emulator.adminCredentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: emulator.adminCredentials.secretAccessKey,
          AWS_PAGER: "",
        },
        workDir,
        log,
      })
    : undefined;
  /** One step: the aws command (printed and run) or the SDK call with the same input. */
  const step = async (title, service, operation, cliArgs, input) => {
    log(`-- ${title}`);
    if (cli) return cli([service, ...cliArgs]);
    log(`   (SDK v3) ${service} ${operation}`);
    return sdk.call(service, operation, input);
  };
  try {
    const all = await step(
      `step 6: role ${roles.all}, trusted by rolesanywhere.amazonaws.com`,
      "iam",
      "CreateRole",
      ["create-role", "--role-name", roles.all, "--assume-role-policy-document", `file://${files.all}`],
      { RoleName: roles.all, AssumeRolePolicyDocument: JSON.stringify(trustPolicies.all) },
    );
    const thule = await step(
      `step 7: role ${roles.onlyThule}, the same trust for CN=DavianThule only`,
      "iam",
      "CreateRole",
      ["create-role", "--role-name", roles.onlyThule, "--assume-role-policy-document", `file://${files.onlyThule}`],
      { RoleName: roles.onlyThule, AssumeRolePolicyDocument: JSON.stringify(trustPolicies.onlyThule) },
    );
    const roleArns = [all.Role.Arn, thule.Role.Arn];

    let source;
    let caArn;
    let anchorCa = caPem;
    if (pca) {
      const config = {
        KeyAlgorithm: "RSA_2048",
        SigningAlgorithm: "SHA256WITHRSA",
        Subject: { CommonName: "Lab Private CA", Organization: "Lab" },
      };
      const configFile = join(workDir, "pca-config.json");
      await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
      const created = await step(
        "step 8: an ACM Private CA (root)",
        "acm-pca",
        "CreateCertificateAuthority",
        [
          "create-certificate-authority",
          "--certificate-authority-type",
          "ROOT",
          "--certificate-authority-configuration",
          `file://${configFile}`,
        ],
        { CertificateAuthorityType: "ROOT", CertificateAuthorityConfiguration: config },
      );
      caArn = created.CertificateAuthorityArn;
      log(`   CA ARN: ${caArn}`);
      const { Csr } = await step(
        "step 9: its CSR",
        "acm-pca",
        "GetCertificateAuthorityCsr",
        ["get-certificate-authority-csr", "--certificate-authority-arn", caArn],
        { CertificateAuthorityArn: caArn },
      );
      const caCsrFile = join(workDir, "pca.csr");
      await writeFile(caCsrFile, Csr);
      const issueArgs = (csrFile, template, days) => [
        "issue-certificate",
        "--certificate-authority-arn",
        caArn,
        "--csr",
        `fileb://${csrFile}`,
        "--signing-algorithm",
        "SHA256WITHRSA",
        "--template-arn",
        PCA_TEMPLATE(template),
        "--validity",
        `Value=${days},Type=DAYS`,
      ];
      const issueInput = async (csrFile, template, days) => ({
        CertificateAuthorityArn: caArn,
        Csr: await readFile(csrFile),
        SigningAlgorithm: "SHA256WITHRSA",
        TemplateArn: PCA_TEMPLATE(template),
        Validity: { Value: days, Type: "DAYS" },
      });
      const root = await step(
        "step 9: the CA signs its own certificate (RootCACertificate/V1)",
        "acm-pca",
        "IssueCertificate",
        issueArgs(caCsrFile, "RootCACertificate/V1", 3650),
        await issueInput(caCsrFile, "RootCACertificate/V1", 3650),
      );
      const rootCert = await step(
        "step 9: fetch it",
        "acm-pca",
        "GetCertificate",
        ["get-certificate", "--certificate-authority-arn", caArn, "--certificate-arn", root.CertificateArn],
        { CertificateAuthorityArn: caArn, CertificateArn: root.CertificateArn },
      );
      const caFile = join(workDir, "pca-ca.crt");
      await writeFile(caFile, rootCert.Certificate);
      await step(
        "step 9: import it: the CA becomes ACTIVE",
        "acm-pca",
        "ImportCertificateAuthorityCertificate",
        ["import-certificate-authority-certificate", "--certificate-authority-arn", caArn, "--certificate", `fileb://${caFile}`],
        { CertificateAuthorityArn: caArn, Certificate: await readFile(caFile) },
      );
      anchorCa = rootCert.Certificate;
      for (const [user, request] of Object.entries(requests)) {
        const issued = await step(
          `step 10: the private CA issues ${user}'s certificate from its CSR (EndEntityClientAuthCertificate/V1)`,
          "acm-pca",
          "IssueCertificate",
          issueArgs(request.csrFile, "EndEntityClientAuthCertificate/V1", 365),
          await issueInput(request.csrFile, "EndEntityClientAuthCertificate/V1", 365),
        );
        const got = await step(
          `step 10: fetch ${user}'s certificate`,
          "acm-pca",
          "GetCertificate",
          ["get-certificate", "--certificate-authority-arn", caArn, "--certificate-arn", issued.CertificateArn],
          { CertificateAuthorityArn: caArn, CertificateArn: issued.CertificateArn },
        );
        await writeFile(request.certificateFile, got.Certificate);
      }
      source = { sourceType: "AWS_ACM_PCA", sourceData: { acmPcaArn: caArn } };
    } else {
      source = { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: caPem } };
    }
    await writeFile(files.source, `${JSON.stringify(source, null, 2)}\n`);
    const anchor = await step(
      `step 11: trust anchor from ${pca ? "the ACM Private CA" : "the CA certificate (ca.crt)"}`,
      "rolesanywhere",
      "CreateTrustAnchor",
      ["create-trust-anchor", "--name", "Lab-IAM-Anywhere-Anchor", "--source", `file://${files.source}`, "--enabled"],
      { name: "Lab-IAM-Anywhere-Anchor", source, enabled: true },
    );
    const anchorId = anchor.trustAnchor.trustAnchorId;
    log(`-- step 12: record the trust anchor ID: ${anchorId}`);
    const profile = await step(
      "step 13: profile with both roles",
      "rolesanywhere",
      "CreateProfile",
      ["create-profile", "--name", "Lab-IAM-Anywhere-Profile", "--role-arns", ...roleArns, "--enabled"],
      { name: "Lab-IAM-Anywhere-Profile", roleArns, enabled: true },
    );
    const profileId = profile.profile.profileId;
    log(`-- step 14: record the profile ID: ${profileId}`);
    return { anchorId, profileId, roleArns, via, ...(caArn ? { caArn } : {}), caPem: anchorCa };
  } finally {
    sdk?.destroy();
  }
}
