import { RolesAnywhereError } from "../errors";
import { decodePem, isPem } from "../encoding/pem";

/**
 * The DER of every `CERTIFICATE` (or `X509 CERTIFICATE`) block of PEM text, in order, without
 * parsing them. `what` names the input in errors.
 *
 * @internal
 */
export const certificateBlocks = (text: string, what: string): Uint8Array[] => {
  if (!isPem(text)) {
    throw new RolesAnywhereError(
      "ERR_INVALID_CERTIFICATE",
      `The ${what} is not PEM text. Pass PEM ("-----BEGIN CERTIFICATE-----") or DER bytes.`,
    );
  }
  let blocks;
  try {
    blocks = decodePem(text);
  } catch (error) {
    throw new RolesAnywhereError("ERR_INVALID_CERTIFICATE", `The ${what} is not valid PEM: ${(error as Error).message}.`);
  }
  return blocks.filter(({ label }) => label === "CERTIFICATE" || label === "X509 CERTIFICATE").map(({ der }) => der);
};

/**
 * The leaf (the first certificate) of certificate PEM text and the certificates after it, as DER,
 * unparsed. A PEM without a certificate block is `ERR_INVALID_CERTIFICATE`.
 *
 * @internal
 */
export const splitLeafPem = (text: string): { leaf: Uint8Array; rest: Uint8Array[] } => {
  const [leaf, ...rest] = certificateBlocks(text, "certificate");
  if (!leaf) {
    throw new RolesAnywhereError(
      "ERR_INVALID_CERTIFICATE",
      'The certificate PEM has no "CERTIFICATE" block. Pass the leaf certificate your CA issued.',
    );
  }
  return { leaf, rest };
};
