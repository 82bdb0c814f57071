import type { FromRolesAnywhereInit } from "./options/options";
import { assertUsableLeaf } from "./certificate/certificateInput";
import { type SigningIdentity, type SigningIdentityInput, loadSigningIdentity } from "./identity/identity";
import { createIdentityWarnings } from "./identity/identityWarnings";
import { runtimeDefaults } from "./runtime/defaults";

/**
 * Produces the signing identity for one refresh; `signal` stops a long key derivation.
 *
 * @internal
 */
export type IdentitySource = (now: Date, signal?: AbortSignal) => Promise<SigningIdentity>;

const looksLikePem = (bytes: Uint8Array): boolean => {
  const head = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
  return head.includes("-----BEGIN ");
};

/** A file's bytes as the identity inputs take them: PEM text, or DER bytes. @internal */
export const asInput = (bytes: Uint8Array): string | Uint8Array => (looksLikePem(bytes) ? new TextDecoder().decode(bytes) : bytes);

/** Options that apply whatever the key source: never dropped when files are read. */
const secretsAndModule = ({
  passphrase,
  pkcs11Module,
  pkcs11Pin,
  tpmKeyPassword,
}: FromRolesAnywhereInit): Partial<SigningIdentityInput> => ({
  ...(passphrase === undefined ? {} : { passphrase }),
  ...(pkcs11Module === undefined ? {} : { pkcs11Module }),
  ...(pkcs11Pin === undefined ? {} : { pkcs11Pin }),
  ...(tpmKeyPassword === undefined ? {} : { tpmKeyPassword }),
});

/**
 * Value inputs are parsed once (and the certificate's validity re-checked on every
 * refresh); file inputs are re-read on every refresh so that rotation on disk is
 * picked up without a restart. Warns through `init.logger` when the certificate
 * expires within 30 days and (Node, default file reader) when a key file is
 * readable by group or others.
 *
 * @internal
 */
export const createIdentitySource = (init: FromRolesAnywhereInit): IdentitySource => {
  const warnings = createIdentityWarnings(init.logger);
  const usesFiles =
    init.certificateFile !== undefined ||
    init.privateKeyFile !== undefined ||
    init.certificateChainFile !== undefined ||
    init.pkcs12File !== undefined;
  if (usesFiles) {
    const defaults = runtimeDefaults();
    const readFile = init.readFile ?? defaults.readFile;
    // The file that holds the key: privateKeyFile, a PKCS#12 file, or a certificate PEM that holds the key too.
    const keyPath = init.privateKeyFile ?? init.pkcs12File ?? (init.privateKey === undefined ? init.certificateFile : undefined);
    const read = async (path: string | undefined): Promise<string | Uint8Array | undefined> =>
      path === undefined ? undefined : asInput(await readFile(path));
    return async (now, signal) => {
      const [certificate, privateKey, chain, pkcs12] = await Promise.all([
        read(init.certificateFile),
        read(init.privateKeyFile),
        read(init.certificateChainFile),
        init.pkcs12File === undefined ? undefined : readFile(init.pkcs12File),
      ]);
      const input: SigningIdentityInput = {
        ...((certificate ?? init.certificate) === undefined ? {} : { certificate: certificate ?? init.certificate! }),
        ...((pkcs12 ?? init.pkcs12) === undefined ? {} : { pkcs12: pkcs12 ?? init.pkcs12! }),
        ...((privateKey ?? init.privateKey) === undefined ? {} : { privateKey: privateKey ?? init.privateKey! }),
        ...((chain ?? init.certificateChain) === undefined ? {} : { certificateChain: chain ?? init.certificateChain! }),
        ...secretsAndModule(init),
      };
      const identity = await loadSigningIdentity(input, now, undefined, signal ? { signal } : {});
      if (keyPath !== undefined && init.readFile === undefined && defaults.readsFiles) await warnings.keyFile(keyPath);
      warnings.certificate(identity.certificate, now);
      return identity;
    };
  }
  let loaded: Promise<SigningIdentity> | undefined;
  return async (now, signal) => {
    loaded ??= loadSigningIdentity(init as SigningIdentityInput, now, undefined, signal ? { signal } : {}).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    const identity = await loaded;
    assertUsableLeaf(identity.certificate, now);
    warnings.certificate(identity.certificate, now);
    return identity;
  };
};
