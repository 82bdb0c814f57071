import { expect } from "vitest";
import { RolesAnywhereError } from "../../src/errors";

/** Settles `promise` and returns the RolesAnywhereError it rejected with (fails on success or any other error). */
export const rejection = async (promise: Promise<unknown>): Promise<RolesAnywhereError> => {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).not.toHaveProperty("value");
  const { error } = outcome as { error: unknown };
  expect(error).toBeInstanceOf(RolesAnywhereError);
  return error as RolesAnywhereError;
};
