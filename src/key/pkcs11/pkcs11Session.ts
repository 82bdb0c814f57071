import { RolesAnywhereError } from "../../errors";
import { type Pkcs11Handle, type Pkcs11Js, type Pkcs11Module, importPkcs11js } from "./pkcs11jsApi";
import { type Pkcs11Uri, redactPkcs11Uri } from "./pkcs11Uri";
import { wordedError } from "../../errorWords";
import { builtinModule } from "../../runtime/builtinModule";

/**
 * A loaded PKCS#11 module with the `pkcs11js` constants and Node's `Buffer`.
 *
 * @internal
 */
export interface LoadedModule {
  readonly lib: Pkcs11Js;
  readonly module: Pkcs11Module;
  readonly NodeBuffer: typeof import("node:buffer").Buffer;
}

const modules = new Map<string, Promise<LoadedModule>>();

const fail = (code: "ERR_UNSUPPORTED_KEY" | "ERR_FILE", message: string, cause?: unknown): RolesAnywhereError =>
  new RolesAnywhereError(code, message, cause === undefined ? {} : { cause: cause instanceof Error ? new Error(cause.message) : cause });

const load = async (path: string): Promise<LoadedModule> => {
  let lib: Pkcs11Js;
  try {
    lib = await importPkcs11js();
  } catch (error) {
    throw fail(
      "ERR_UNSUPPORTED_KEY",
      'PKCS#11 URIs need the optional package "pkcs11js", a native module (built with node-gyp) that only Node.js loads: npm install pkcs11js. In Workers and browsers, give a custom Signer as privateKey instead.',
      error,
    );
  }
  const { Buffer: NodeBuffer } = builtinModule<typeof import("node:buffer")>("node:buffer") ?? (await import("node:buffer"));
  const module = new lib.PKCS11();
  try {
    module.load(path);
  } catch (error) {
    const reason = (error as Error).message;
    throw wordedError(
      "ERR_FILE",
      (words) =>
        `Could not load the PKCS#11 module "${path}": ${reason}. Pass its path with ${words.option("pkcs11Module")} or module-path in the URI (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so).`,
      { cause: error instanceof Error ? new Error(error.message) : error },
    );
  }
  try {
    module.C_Initialize();
  } catch (error) {
    if ((error as { code?: number }).code !== lib.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
      throw fail("ERR_UNSUPPORTED_KEY", `The PKCS#11 module "${path}" failed to initialise: ${(error as Error).message}.`, error);
    }
  }
  return { lib, module, NodeBuffer };
};

/**
 * Loads (once per process and path) a PKCS#11 module through the optional
 * `pkcs11js` package.
 *
 * @internal
 */
export const loadPkcs11Module = (path: string): Promise<LoadedModule> => {
  let loaded = modules.get(path);
  if (!loaded) {
    loaded = load(path);
    modules.set(path, loaded);
    loaded.catch(() => modules.delete(path));
  }
  return loaded;
};

const trimmed = (value: string): string => value.replace(/[\s\0]+$/, "");

/** CK_SLOT_ID from a pkcs11js slot handle (a little-endian CK_ULONG). */
const slotIdOf = (handle: Uint8Array): number => {
  let id = 0;
  for (let i = Math.min(handle.length, 6) - 1; i >= 0; i--) id = id * 256 + handle[i]!;
  return id;
};

/**
 * An open session on the token a URI names, logged in when a PIN is known.
 *
 * @internal
 */
export interface TokenSession {
  readonly loaded: LoadedModule;
  readonly session: Pkcs11Handle;
  close(): void;
}

/**
 * Opens a session on the first token matching the URI's token, manufacturer,
 * serial, model and slot-id attributes, and logs in with `pin` when given.
 *
 * @internal
 */
export const openTokenSession = async (
  uri: Pkcs11Uri,
  rawUri: string,
  modulePath: string,
  pin: string | undefined,
): Promise<TokenSession> => {
  const loaded = await loadPkcs11Module(uri.modulePath ?? modulePath);
  const { lib, module } = loaded;
  const slot = module.C_GetSlotList(true).find((candidate) => {
    if (uri.slotId !== undefined && uri.slotId !== slotIdOf(candidate)) return false;
    const info = module.C_GetTokenInfo(candidate);
    return (
      (uri.token === undefined || trimmed(info.label) === uri.token) &&
      (uri.manufacturer === undefined || trimmed(info.manufacturerID) === uri.manufacturer) &&
      (uri.serial === undefined || trimmed(info.serialNumber) === uri.serial) &&
      (uri.model === undefined || trimmed(info.model) === uri.model)
    );
  });
  if (slot === undefined) {
    throw new RolesAnywhereError(
      "ERR_INVALID_OPTION",
      `No PKCS#11 token matches ${redactPkcs11Uri(rawUri)}. Check the token label (p11tool --list-tokens or softhsm2-util --show-slots) and the module.`,
    );
  }
  const session = module.C_OpenSession(slot, lib.CKF_SERIAL_SESSION);
  const close = (): void => {
    try {
      module.C_CloseSession(session);
    } catch {
      // already closed (token removed)
    }
  };
  if (pin !== undefined) {
    try {
      module.C_Login(session, lib.CKU_USER, pin);
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code !== lib.CKR_USER_ALREADY_LOGGED_IN) {
        close();
        const badPin = code === lib.CKR_PIN_INCORRECT || code === lib.CKR_PIN_LEN_RANGE || code === lib.CKR_PIN_INVALID;
        const reason = (error as Error).message;
        throw wordedError(badPin ? "ERR_BAD_PASSPHRASE" : "ERR_INVALID_PRIVATE_KEY", (words) =>
          badPin
            ? `The PKCS#11 PIN was refused by the token of ${redactPkcs11Uri(rawUri)}. Pass the user PIN as pin-value in the URI or with ${words.option("pkcs11Pin")}.`
            : `Logging in to the token of ${redactPkcs11Uri(rawUri)} failed (${reason}).`,
        );
      }
    }
  }
  return { loaded, session, close };
};
