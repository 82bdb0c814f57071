// A test-only Worker: each path tries one way of giving the key (or one thing a Worker cannot
// do) and answers { ok, accessKeyId } or { ok: false, code, message }.
import { getRolesAnywhereCredentials } from "credential-provider-roles-anywhere";

const pkcs8 = (pem) => {
  const body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  return Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
};

const importKey = (env) =>
  crypto.subtle.importKey("pkcs8", pkcs8(env.PRIVATE_KEY), { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);

const inputs = {
  // A non-extractable WebCrypto key: the PEM is parsed once and the key bytes stay in the runtime.
  "crypto-key": async (env) => ({ certificate: env.CERTIFICATE, privateKey: await importKey(env) }),
  // A custom Signer (what a KMS or a remote signing service would be), here over WebCrypto.
  signer: async (env) => {
    const key = await importKey(env);
    return {
      certificate: env.CERTIFICATE,
      privateKey: {
        algorithm: "AWS4-X509-ECDSA-SHA256",
        signatureFormat: "raw",
        sign: async (data) => new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, data)),
      },
    };
  },
  // An encrypted PKCS#8 key (PBES2: PBKDF2 + AES-CBC), decrypted with WebCrypto.
  encrypted: async (env) => ({ certificate: env.CERTIFICATE, privateKey: env.PRIVATE_KEY_ENCRYPTED, passphrase: env.PASSPHRASE }),
  // What a Worker has no means for: files and PKCS#11 tokens.
  files: async () => ({ certificateFile: "/etc/pki/workload.crt", privateKeyFile: "/etc/pki/workload.key" }),
  pkcs11: async () => ({ certificate: "pkcs11:token=workload;object=workload", pkcs11Module: "/usr/lib/softhsm/libsofthsm2.so" }),
};

export default {
  async fetch(request, env) {
    const name = new URL(request.url).pathname.slice(1);
    const input = inputs[name];
    if (!input) return Response.json({ ok: false, code: "NO_SUCH_PROBE" }, { status: 404 });
    try {
      const credentials = await getRolesAnywhereCredentials({
        trustAnchorArn: env.TRUST_ANCHOR_ARN,
        profileArn: env.PROFILE_ARN,
        roleArn: env.ROLE_ARN,
        endpoint: env.ROLES_ANYWHERE_ENDPOINT,
        ...(await input(env)),
      });
      return Response.json({ ok: true, accessKeyId: credentials.accessKeyId });
    } catch (error) {
      return Response.json({ ok: false, name: error?.name, code: error?.code, message: String(error?.message ?? error) });
    }
  },
};
