import { describe, expect, it } from "vitest";
import { tpmEnv } from "../../src/node/tpm/opensslTpm";
import { tpmFailure } from "../../src/node/tpm/tpmFailure";

const KEY = "in the TSS2 key file";

describe("TPM failures from OpenSSL's tpm2 provider become typed errors", () => {
  it.each([
    [
      "ERROR:esys:src/tss2-esys/api/Esys_Sign.c:105:Esys_Sign() Esys Finish ErrorCode (0x0000098e)\n4000:error:4000000F:tpm2::cannot sign::-1:2446 tpm:session(1):the authorization HMAC check failed and DA counter incremented",
      "ERR_BAD_PASSPHRASE",
      /refused the password/,
    ],
    [
      "Esys Finish ErrorCode (0x00000921)\ntpm:warn(2.0): authorizations for objects subject to DA protection are not allowed at this time because the TPM is in DA lockout mode",
      "ERR_INVALID_PRIVATE_KEY",
      /dictionary-attack lockout/,
    ],
    [
      "pkeyutl: unable to load provider tpm2\nHint: use -provider-path option or OPENSSL_MODULES environment variable.",
      "ERR_UNSUPPORTED_KEY",
      /apt-get install tpm2-openssl/,
    ],
    [
      "ERROR:tcti:src/tss2-tcti/tcti-device.c:442:Tss2_Tcti_Device_Init() Failed to open specified TCTI device file /dev/tpmrm0: No such file or directory",
      "ERR_FILE",
      /could not be reached .*TPM2OPENSSL_TCTI/,
    ],
    [
      "Error ReadPublic ErrorCode (0x0000018b)\ntpm:handle(1):the handle is not correct for the use",
      "ERR_INVALID_PRIVATE_KEY",
      /has no key at/,
    ],
    [
      "Esys_Load() Esys Finish ErrorCode (0x000001df)\ntpm:parameter(1):integrity check failed",
      "ERR_INVALID_PRIVATE_KEY",
      /made by another TPM/,
    ],
    [
      "403772DC7E7F0000:error:1608010C:STORE routines:ossl_store_handle_load_result:unsupported:../crypto/store/store_result.c:151:",
      "ERR_INVALID_PRIVATE_KEY",
      /failed: STORE routines/,
    ],
  ])("%#: %s", (stderr, code, message) => {
    const error = tpmFailure(stderr, KEY);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("TPM_DEVICE (aws_signing_helper's variable) becomes a device TCTI unless TPM2OPENSSL_TCTI is set", () => {
    expect(tpmEnv({ TPM_DEVICE: "/dev/tpm0" }).TPM2OPENSSL_TCTI).toBe("device:/dev/tpm0");
    expect(tpmEnv({ TPM_DEVICE: "/dev/tpm0", TPM2OPENSSL_TCTI: "swtpm:port=2321" }).TPM2OPENSSL_TCTI).toBe("swtpm:port=2321");
    expect(tpmEnv({}).TPM2OPENSSL_TCTI).toBeUndefined();
  });
});
