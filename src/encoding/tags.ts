/**
 * Universal tag numbers used by the DER helpers (encoding/der.ts) and the CLI's BER reader
 * (src/cli/asn1jsShim.ts). No dependencies, so the reader can use them without a cycle through
 * der.ts. @internal
 */
export const TAG = {
  END_OF_CONTENTS: 0,
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8_STRING: 12,
  RELATIVE_OID: 13,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE_STRING: 19,
  T61_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  UNIVERSAL_STRING: 28,
  BMP_STRING: 30,
} as const;
