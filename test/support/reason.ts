/** The emulator's `reason` of the ServiceError `fn` throws, the error's text without one, or "(accepted)". */
export const reasonOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as { reason?: string }).reason ?? String(error);
  }
  return "(accepted)";
};
