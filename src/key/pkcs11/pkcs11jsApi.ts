/**
 * The part of the optional native package `pkcs11js` this package uses, typed here so that
 * type-checking and building never need the package itself (it is a native module, and a machine
 * without a C++ toolchain has none). The shapes follow `pkcs11js`'s own declarations, with
 * `Uint8Array` for its Node `Buffer`s (a Buffer is one).
 * @internal
 */
/** A slot, session or object handle (an opaque CK_ULONG; a Node Buffer at run time). @internal */
export type Pkcs11Handle = Uint8Array;

/** One attribute of a template. @internal */
export interface Pkcs11Attribute {
  type: number;
  value?: number | boolean | string | Uint8Array | Date;
}

/** One attribute read back. @internal */
export interface Pkcs11AttributeResult {
  type: number;
  value: Uint8Array;
}

/** The token fields this package matches a URI against (blank-padded). @internal */
export interface Pkcs11TokenInfo {
  label: string;
  manufacturerID: string;
  model: string;
  serialNumber: string;
}

/** A loaded PKCS#11 module (`new PKCS11()`, then `load(path)`). @internal */
export interface Pkcs11Module {
  load(path: string): void;
  C_Initialize(): void;
  C_GetSlotList(tokenPresent?: boolean): Pkcs11Handle[];
  C_GetTokenInfo(slot: Pkcs11Handle): Pkcs11TokenInfo;
  C_OpenSession(slot: Pkcs11Handle, flags: number): Pkcs11Handle;
  C_CloseSession(session: Pkcs11Handle): void;
  C_Login(session: Pkcs11Handle, userType: number, pin?: string): void;
  C_FindObjectsInit(session: Pkcs11Handle, template: Pkcs11Attribute[]): void;
  C_FindObjects(session: Pkcs11Handle, maxObjectCount: number): Pkcs11Handle[];
  C_FindObjectsFinal(session: Pkcs11Handle): void;
  C_GetAttributeValue(session: Pkcs11Handle, object: Pkcs11Handle, template: Pkcs11Attribute[]): Pkcs11AttributeResult[];
  C_SignInit(session: Pkcs11Handle, mechanism: { mechanism: number }, key: Pkcs11Handle): void;
  C_Sign(session: Pkcs11Handle, inData: Uint8Array, outData: Uint8Array): Uint8Array;
}

/** The `pkcs11js` module: the class and the PKCS#11 constants this package uses. @internal */
export interface Pkcs11Js {
  PKCS11: new () => Pkcs11Module;
  readonly CKA_ALWAYS_AUTHENTICATE: number;
  readonly CKA_CLASS: number;
  readonly CKA_ID: number;
  readonly CKA_LABEL: number;
  readonly CKA_VALUE: number;
  readonly CKF_SERIAL_SESSION: number;
  readonly CKM_ECDSA: number;
  readonly CKM_SHA256_RSA_PKCS: number;
  readonly CKM_SHA384_RSA_PKCS: number;
  readonly CKM_SHA512_RSA_PKCS: number;
  readonly CKO_CERTIFICATE: number;
  readonly CKO_PRIVATE_KEY: number;
  readonly CKR_CRYPTOKI_ALREADY_INITIALIZED: number;
  readonly CKR_PIN_INCORRECT: number;
  readonly CKR_PIN_INVALID: number;
  readonly CKR_PIN_LEN_RANGE: number;
  readonly CKR_USER_ALREADY_LOGGED_IN: number;
  readonly CKU_CONTEXT_SPECIFIC: number;
  readonly CKU_USER: number;
}

/**
 * Imports `pkcs11js`. The specifier is cast so TypeScript does not look for the package's
 * declarations (bundlers still see the literal and keep it external).
 * @internal
 */
export const importPkcs11js = async (): Promise<Pkcs11Js> => {
  const imported = (await import("pkcs11js" as string)) as Pkcs11Js & { default?: Pkcs11Js };
  return imported.default ?? imported;
};
