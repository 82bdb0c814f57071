import { RolesAnywhereError } from "../errors";
import { LIBRARY_WORDS, type OptionWords, wordedError } from "../errorWords";

/**
 * What the provider knows when the service answers `Invalid signature`, to name the likely
 * causes instead of guessing.
 *
 * @internal
 */
export interface SignatureContext {
  /** The region the request was signed for. */
  readonly region: string;
  /** True when the endpoint was given (option or environment), not derived from the region. */
  readonly customEndpoint: boolean;
  /** True when the key could not be checked against the certificate (a custom Signer). */
  readonly keyUnchecked: boolean;
}

/** True for the service's 403 `Invalid signature`. @internal */
export const isInvalidSignature = (error: RolesAnywhereError): boolean =>
  error.code === "ERR_ACCESS_DENIED" && /invalid signature/i.test(error.serviceMessage ?? "");

/**
 * The causes of an `Invalid signature`, most likely first, given what was checked before
 * sending. Pure.
 *
 * @internal
 */
export const invalidSignatureCauses = (
  context: SignatureContext,
  url: string,
  clockCorrected: boolean,
  words: OptionWords = LIBRARY_WORDS,
): string[] => {
  const causes: string[] = [];
  if (context.customEndpoint) {
    let host = url;
    try {
      host = new URL(url).host;
    } catch {
      // keep the text as it is
    }
    causes.push(
      `the endpoint (${host}) serves another region than ${context.region}, the region the request was signed for (the trust anchor's, or ${words.option("region")}); use the endpoint of ${context.region}, or the region, trust anchor and profile of the endpoint's region`,
    );
  }
  if (!clockCorrected) causes.push("the system clock is more than 5 minutes off; fix it (NTP)");
  if (context.keyUnchecked) causes.push("the custom signer's key does not belong to the certificate");
  return causes;
};

/**
 * Rewrites the service's `Invalid signature` error so that its message lists the likely causes
 * in order, and says what was already ruled out (the key, checked against the certificate before
 * sending; the clock, corrected from the service's `Date` header). Other errors pass unchanged.
 *
 * @internal
 */
export const explainInvalidSignature = (
  error: RolesAnywhereError,
  context: SignatureContext,
  url: string,
  clockCorrected: boolean,
): RolesAnywhereError => {
  if (!isInvalidSignature(error)) return error;
  const ruledOut = [
    ...(context.keyUnchecked ? [] : ["the private key matches the certificate (checked before sending)"]),
    ...(clockCorrected ? ["the clock was corrected from the service's Date header"] : []),
  ];
  const known = ruledOut.length > 0 ? ` Ruled out: ${ruledOut.join("; ")}.` : "";
  const likely = (words: OptionWords): string => {
    const causes = invalidSignatureCauses(context, url, clockCorrected, words);
    return causes.length > 0
      ? ` Likely causes, in order: ${causes.map((cause, index) => `(${index + 1}) ${cause}`).join("; ")}.`
      : " Check that the endpoint is IAM Roles Anywhere and that nothing between (a proxy) changes the request.";
  };
  const said = `CreateSession failed: ${error.errorType ?? "AccessDeniedException"} (HTTP ${error.statusCode ?? 403}): ${(error.serviceMessage ?? "Invalid signature").replace(/\.+$/, "")}.`;
  return wordedError(error.code, (words) => `${said}${known}${likely(words)}`, {
    ...(error.errorType === undefined ? {} : { errorType: error.errorType }),
    ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
    ...(error.serviceMessage === undefined ? {} : { serviceMessage: error.serviceMessage }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
  });
};
