/**
 * Defence in depth for stderr: whatever a message or a debug log contains, known secrets
 * (passwords, PKCS#11 PINs and `pin-value=` URI attributes, secret keys, session tokens) and
 * private-key PEM blocks never reach the terminal.
 * @internal
 */

/** A writable text sink (process.stdout, a test buffer, ...). @internal */
export interface TextSink {
  write(chunk: string): unknown;
}

/** Collects secret values and scrubs them from text. @internal */
export interface Redactor {
  /** Registers a secret; values shorter than 4 characters are ignored (they would mangle ordinary text). */
  add(secret: string | undefined): void;
  redact(text: string): string;
}

const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[\s\S]*?(-----END \1-----|$)/g;
const SECRET_FIELD =
  /("?(?:secretAccessKey|SecretAccessKey|sessionToken|SessionToken|Token|aws_secret_access_key|aws_session_token|password|passphrase|pkcs11Pin|(?<![\w-])[pP][iI][nN])"?\s*[:=]\s*['"]?)([^'"\s,}]+)/g;
/** RFC 7512 `pin-value` in a `pkcs11:` URI (query attributes end at `&`; be generous and stop at `;` and quotes too). */
const PIN_VALUE = /(pin-value=)[^&;\s"'<>]*/gi;

/** @internal */
export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  return {
    add(secret) {
      if (secret && secret.length >= 4) secrets.add(secret);
    },
    redact(text) {
      let out = text.replace(PRIVATE_KEY_BLOCK, "-----BEGIN $1----- [redacted]");
      out = out.replace(SECRET_FIELD, "$1[redacted]");
      out = out.replace(PIN_VALUE, "$1[redacted]");
      for (const s of secrets) out = out.split(s).join("[redacted]");
      return out;
    },
  };
}

/** Wraps a sink so everything written through it is redacted. @internal */
export function redactingSink(sink: TextSink, redactor: Redactor): TextSink {
  return { write: (chunk: string) => sink.write(redactor.redact(chunk)) };
}
