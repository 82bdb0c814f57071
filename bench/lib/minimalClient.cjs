// The bench's floor for the CLI cold start: the least a Node program can do to get credentials
// from Roles Anywhere, written for this measurement only. It takes the same flags as
// `credential-process` (in that order), loads the key with node:crypto, signs an RSA-SHA256
// CreateSession request, posts it with node:http and prints the credential_process JSON. It checks
// nothing (no certificate or response validation, no chain, no retries, no errors worth the
// name) and supports RSA only: never use it. Its time against `node -e 0` shows how much of the
// CLI's ratio is Node loading crypto and http and the emulator answering, which no client avoids.
"use strict";
const { readFileSync } = require("node:fs");
const { createHash, createPrivateKey, sign, X509Certificate } = require("node:crypto");
const { request } = require("node:http");

const flags = {};
for (let i = 3; i < process.argv.length; i += 2) flags[process.argv[i].slice(2)] = process.argv[i + 1];
const der = Buffer.from(readFileSync(flags.certificate, "utf8").replace(/-----[^-]+-----|\s/g, ""), "base64");
const key = createPrivateKey(readFileSync(flags["private-key"]));
const serial = BigInt(`0x${new X509Certificate(der).serialNumber}`).toString();
const region = flags["trust-anchor-arn"].split(":")[3];
const body = JSON.stringify({
  trustAnchorArn: flags["trust-anchor-arn"],
  profileArn: flags["profile-arn"],
  roleArn: flags["role-arn"],
  durationSeconds: 3600,
});
const url = new URL(`${flags.endpoint}/sessions`);
const date = new Date().toISOString().replace(/[-:]|\.\d+/g, "");
const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const headers = { "content-type": "application/json", host: url.host, "x-amz-date": date, "x-amz-x509": der.toString("base64") };
const names = Object.keys(headers).sort();
const canonical = ["POST", "/sessions", "", ...names.map((n) => `${n}:${headers[n]}`), "", names.join(";"), sha256(body)].join("\n");
const scope = `${date.slice(0, 8)}/${region}/rolesanywhere/aws4_request`;
const toSign = ["AWS4-X509-RSA-SHA256", date, scope, sha256(canonical)].join("\n");
const signature = sign("sha256", Buffer.from(toSign), key).toString("hex");
headers.authorization = `AWS4-X509-RSA-SHA256 Credential=${serial}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
request(url, { method: "POST", headers }, (response) => {
  const chunks = [];
  response.on("data", (chunk) => chunks.push(chunk));
  response.on("end", () => {
    if (response.statusCode !== 201) process.exit(1);
    const c = JSON.parse(Buffer.concat(chunks).toString("utf8")).credentialSet[0].credentials;
    process.stdout.write(
      JSON.stringify({
        Version: 1,
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        SessionToken: c.sessionToken,
        Expiration: c.expiration,
      }),
    );
    process.exit(0);
  });
}).end(body);
