/**
 * The consumer scripts the Bun and Deno tests run against the packed package: each gets
 * credentials from the emulator with `fromRolesAnywhere` and passes them to an SDK v3
 * `STSClient`, then prints one JSON line `{ arn, runtime }`. Options come from RA_* variables.
 * @internal
 */

const options = (specifier: string, keys: "files" | "values") =>
  keys === "files"
    ? `{ trustAnchorArn: process.env.RA_TA, profileArn: process.env.RA_PROFILE, roleArn: process.env.RA_ROLE, endpoint: process.env.RA_ENDPOINT, certificateFile: "cert.pem", privateKeyFile: "key.pem" }`
    : `{ trustAnchorArn: process.env.RA_TA, profileArn: process.env.RA_PROFILE, roleArn: process.env.RA_ROLE, endpoint: process.env.RA_ENDPOINT, certificate: ${specifier}.readFileSync("cert.pem", "utf8"), privateKey: ${specifier}.readFileSync("key.pem", "utf8") }`;

const RUNTIME = `typeof Bun !== "undefined" ? "bun " + Bun.version : typeof Deno !== "undefined" ? "deno " + Deno.version.deno : "node " + process.version`;

/** An ES module importing the package and the SDK by `prefix + name` (`npm:` for Deno). */
export const esmScript = (prefix = "", keys: "files" | "values" = "files"): string => `
import process from "node:process";
import * as fs from "node:fs";
import { fromRolesAnywhere } from "${prefix}credential-provider-roles-anywhere";
import { GetCallerIdentityCommand, STSClient } from "${prefix}@aws-sdk/client-sts";
const credentials = fromRolesAnywhere(${options("fs", keys)});
const sts = new STSClient({ region: "us-east-1", endpoint: process.env.RA_STS, credentials });
const identity = await sts.send(new GetCallerIdentityCommand({}));
sts.destroy();
console.log(JSON.stringify({ arn: identity.Arn, runtime: ${RUNTIME} }));
`;

/** The same as CommonJS with `require()`. */
export const cjsScript = (keys: "files" | "values" = "values"): string => `
const fs = require("node:fs");
const { fromRolesAnywhere } = require("credential-provider-roles-anywhere");
const { GetCallerIdentityCommand, STSClient } = require("@aws-sdk/client-sts");
const credentials = fromRolesAnywhere(${options("fs", keys)});
const sts = new STSClient({ region: "us-east-1", endpoint: process.env.RA_STS, credentials });
sts.send(new GetCallerIdentityCommand({})).then((identity) => {
  sts.destroy();
  console.log(JSON.stringify({ arn: identity.Arn, runtime: ${RUNTIME} }));
});
`;
