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
      let out = maskPrivateKeyBlocks(text);
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

const BEGIN_MARKER = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** A base64 run after the marker on the BEGIN line itself (a PEM folded into one line). */
const SAME_LINE_TOKEN = /[ \t]*([A-Za-z0-9+/]+={0,2})(?![A-Za-z0-9+/=])/y;
/** RFC 1421 headers of a legacy encrypted PEM. */
const PEM_HEADER = /^(Proc-Type|DEK-Info):/;

/**
 * Masks private-key PEM blocks in `text`. A block with its END line is masked from BEGIN to
 * END (`-----BEGIN <label>----- [redacted]`). Without an END line (a truncated key, or a message
 * that merely names the marker), only what looks like the key body is masked: base64 lines
 * following the BEGIN line (replaced by one `[redacted]` line) and base64 runs right after the
 * marker on its own line; the rest of the text, and its final newline, are kept.
 * @internal
 */
export function maskPrivateKeyBlocks(text: string): string {
  const begin = new RegExp(BEGIN_MARKER.source, "g");
  let out = "";
  let pos = 0;
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const label = m[1] as string;
    const markerEnd = m.index + m[0].length;
    out += text.slice(pos, m.index);
    const end = `-----END ${label}-----`;
    const endAt = text.indexOf(end, markerEnd);
    if (endAt !== -1) {
      out += `-----BEGIN ${label}----- [redacted]`;
      pos = endAt + end.length;
    } else {
      const body = maskUnterminatedBody(text, markerEnd);
      out += m[0] + body.replacement;
      pos = body.next;
    }
    begin.lastIndex = pos;
  }
  return out + text.slice(pos);
}

/** Whether `token` looks like a line (or a folded run) of a PEM body. */
function isBodyToken(token: string, previousLength: number): boolean {
  return BASE64.test(token) && (token.length >= 16 || previousLength === 64 || token.endsWith("="));
}

function maskUnterminatedBody(text: string, start: number): { replacement: string; next: number } {
  let cursor = start;
  let previous = 0;
  let replacement = "";
  for (;;) {
    SAME_LINE_TOKEN.lastIndex = cursor;
    const token = SAME_LINE_TOKEN.exec(text)?.[1];
    if (token === undefined || !isBodyToken(token, previous)) break;
    cursor = SAME_LINE_TOKEN.lastIndex;
    previous = token.length;
    replacement = " [redacted]";
  }
  const lineEnd = text.indexOf("\n", cursor);
  if (lineEnd === -1) return { replacement, next: cursor };
  replacement += text.slice(cursor, lineEnd);
  let next = lineEnd;
  let masked = false;
  let afterHeader = false;
  while (next < text.length) {
    const lineStart = next + 1;
    const found = text.indexOf("\n", lineStart);
    const lineStop = found === -1 ? text.length : found;
    const line = text.slice(lineStart, lineStop).trim();
    const header = PEM_HEADER.test(line);
    if (!(header || (line === "" && afterHeader) || isBodyToken(line, previous))) break;
    afterHeader = header;
    previous = header ? 0 : line.length;
    masked = true;
    next = lineStop;
  }
  // Nothing masked: keep the BEGIN line as it was (the rest of it is already in `replacement`).
  return { replacement: masked ? `${replacement}\n[redacted]` : replacement, next };
}
