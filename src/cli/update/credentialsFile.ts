import { RolesAnywhereError } from "../../errors";

/**
 * Pure editing of an AWS shared credentials file (INI).
 * @internal
 */

/** The three keys `update` owns in a profile. @internal */
export interface ProfileCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

const KEYS = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"] as const;

/**
 * Returns `text` with `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token` of
 * section `[profile]` set to `credentials`. Every other line (other keys, other sections,
 * comments, blank lines) is kept as it was; existing keys are replaced in place together with the
 * indented continuation lines of their old values, missing ones are added at the end of the
 * section, duplicates of them are dropped, and the section is appended if absent. Keeps the
 * file's line ending style. Refuses (`ERR_BAD_RESPONSE`, `ERR_INVALID_OPTION`) a value or profile
 * name with a line break or another control character.
 * @internal
 */
export function setProfileCredentials(text: string, profile: string, credentials: ProfileCredentials): string {
  if (!isValidProfileName(profile)) {
    throw new RolesAnywhereError(
      "ERR_INVALID_OPTION",
      "The profile name must be 1–128 characters without brackets, line breaks or other control characters.",
    );
  }
  const checked = {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  };
  for (const [name, value] of Object.entries(checked)) {
    if (typeof value !== "string" || value === "" || CONTROL.test(value) || value.trim() !== value) {
      // Written as-is, a line break would start a new line, section or key (e.g. a credential_process
      // the AWS CLI runs). The value is secret: only its name is reported.
      throw new RolesAnywhereError(
        "ERR_BAD_RESPONSE",
        `Refusing to write ${name} into the credentials file: it is empty or holds a line break, another control character or surrounding spaces.`,
      );
    }
  }
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const values: Record<(typeof KEYS)[number], string> = {
    aws_access_key_id: credentials.accessKeyId,
    aws_secret_access_key: credentials.secretAccessKey,
    aws_session_token: credentials.sessionToken,
  };
  const lines = text === "" ? [] : text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const out: string[] = [];
  let inTarget = false;
  let seenTarget = false;
  let written = new Set<string>();
  let sectionEnd = -1; // index in `out` after the last non-blank line of the first target section
  // After one of our keys: indented lines continue its value (Python's configparser, which the AWS
  // CLI uses, appends them, across blank and comment lines), so they go with the old value.
  let continuing = false;

  const flushMissing = () => {
    if (!inTarget || seenTarget) return;
    const missing = KEYS.filter((k) => !written.has(k)).map((k) => `${k} = ${values[k]}`);
    out.splice(sectionEnd, 0, ...missing);
    seenTarget = true;
  };

  for (const line of lines) {
    if (continuing) {
      const comment = /^\s*[#;]/.test(line);
      if (/^\s+\S/.test(line) && !comment) continue;
      if (line.trim() !== "" && !comment) continuing = false;
    }
    const header = /^\s*\[\s*([^\]]*?)\s*\]\s*(?:[#;].*)?$/.exec(line);
    if (header) {
      flushMissing();
      inTarget = header[1] === profile;
      if (inTarget && !seenTarget) written = new Set();
      out.push(line);
      if (inTarget) sectionEnd = out.length;
      continue;
    }
    const key = /^\s*([A-Za-z0-9_.-]+)\s*[=:]/.exec(line)?.[1]?.toLowerCase();
    if (inTarget && key !== undefined && (KEYS as readonly string[]).includes(key)) {
      continuing = true;
      if (seenTarget || written.has(key)) continue; // duplicate or later section of the same name
      written.add(key);
      out.push(`${key} = ${values[key as (typeof KEYS)[number]]}`);
      sectionEnd = out.length;
      continue;
    }
    out.push(line);
    // Comments are not counted: a comment just before the next section belongs to that section.
    if (inTarget && !seenTarget && line.trim() !== "" && !/^\s*[#;]/.test(line)) sectionEnd = out.length;
  }
  flushMissing();
  if (!seenTarget) {
    if (out.length > 0 && out[out.length - 1]?.trim() !== "") out.push("");
    out.push(`[${profile}]`, ...KEYS.map((k) => `${k} = ${values[k]}`));
  }
  return `${out.join(eol)}${eol}`;
}

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** True when `name` can be used as a section name: 1–128 characters, no brackets, no control characters. @internal */
export function isValidProfileName(name: string): boolean {
  return name.length > 0 && name.length <= 128 && !/[\]\[]/.test(name) && !CONTROL.test(name) && name.trim() === name;
}
