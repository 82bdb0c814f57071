import { createHash } from "node:crypto";
import type { CertificateInfo } from "../../certificate/certificate";
import { verifyMlDsaSignature } from "../../signature/mlDsaVerify";
import { ML_DSA_OIDS } from "../../encoding/oids";

/**
 * True when `oid` names ML-DSA-44/65/87. RFC 9881 uses the same OIDs for the public key
 * and for the signature algorithm (pure ML-DSA, empty context, no parameters).
 * @internal
 */
export const isMlDsaOid = (oid: string): boolean => ML_DSA_OIDS[oid] !== undefined;

interface PendingCheck {
  readonly key: CertificateInfo;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

const digest = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("base64");

/**
 * ML-DSA signature checks for one request. Node 20 cannot load ML-DSA keys into node:crypto,
 * and `verifyMlDsaSignature` (which loads `@noble/post-quantum` lazily) is asynchronous, while
 * the CreateSession pipeline is synchronous. So the pipeline asks {@link MlDsaChecks.verify}:
 * a check seen before answers `true`/`false`; a new one answers `undefined` ("not known yet",
 * which every caller treats as a failure) and is remembered. The async router then runs
 * {@link MlDsaChecks.settle} and the pipeline again, until no check is left unanswered
 * (see `routeRequest`). A pass can therefore only succeed on signatures that really verified.
 * @internal
 */
export class MlDsaChecks {
  readonly #known = new Map<string, boolean>();
  readonly #pending = new Map<string, PendingCheck>();

  /**
   * Whether `signature` over `message` verifies with `key`'s ML-DSA public key: `true`,
   * `false`, or `undefined` while the check waits for {@link MlDsaChecks.settle}.
   */
  verify(key: CertificateInfo, message: Uint8Array, signature: Uint8Array): boolean | undefined {
    const id = `${digest(key.publicKey.spki)} ${digest(message)} ${digest(signature)}`;
    const known = this.#known.get(id);
    if (known === undefined) this.#pending.set(id, { key, message, signature });
    return known;
  }

  /** True when {@link MlDsaChecks.verify} answered `undefined` since the last settle. */
  get hasPending(): boolean {
    return this.#pending.size > 0;
  }

  /** Runs every pending check; a check that cannot run (e.g. the module fails to load) is `false`. */
  async settle(): Promise<void> {
    const batch = [...this.#pending];
    this.#pending.clear();
    await Promise.all(
      batch.map(async ([id, { key, message, signature }]) => {
        let ok = false;
        try {
          ok = await verifyMlDsaSignature(key, message, signature);
        } catch {
          ok = false;
        }
        this.#known.set(id, ok);
      }),
    );
  }
}
