import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The console's login token and the cookie it turns into.
 * @internal
 */
export interface ConsoleAuth {
  /** The random token of the login link (`/console/login?token=…`). */
  readonly token: string;
  /** The cookie's name: one per port, since browsers share cookies across the ports of a host. */
  readonly cookieName: string;
  /** True when `candidate` is the token (compared in constant time). */
  checkToken(candidate: string | null | undefined): boolean;
  /** The `Set-Cookie` value a successful login sends. */
  setCookie(): string;
  /** True when a `Cookie` header carries the console cookie with the right value (constant time). */
  checkCookie(cookieHeader: string | undefined): boolean;
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** Equal texts, compared in constant time over their SHA-256 digests (so lengths leak nothing either). */
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/** The value of cookie `name` in a `Cookie` header, if present. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * A console login for one emulator start: a 256-bit random token (base64url; `random` is
 * injectable for tests), and a cookie whose value is an HMAC of a fixed label under the token (so
 * the cookie is not the token, yet needs no server-side session store). The cookie is HttpOnly
 * (scripts cannot read it), SameSite=Strict (no other site's page makes the browser send it) and
 * limited to `/console`.
 * @internal
 */
export function createConsoleAuth(port: number, random: (size: number) => Uint8Array = randomBytes): ConsoleAuth {
  const token = Buffer.from(random(32)).toString("base64url");
  const cookie = createHmac("sha256", token).update("roles-anywhere-emulator-console").digest("base64url");
  const cookieName = `emulator_console_${port}`;
  return {
    token,
    cookieName,
    checkToken: (candidate) => typeof candidate === "string" && candidate !== "" && sameSecret(candidate, token),
    setCookie: () => `${cookieName}=${cookie}; Path=/console; HttpOnly; SameSite=Strict`,
    checkCookie: (header) => {
      const value = cookieValue(header, cookieName);
      return value !== undefined && sameSecret(value, cookie);
    },
  };
}
