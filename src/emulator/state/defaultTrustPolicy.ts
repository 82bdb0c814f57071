/**
 * The trust policy AWS documents for Roles Anywhere roles: the service principal may assume the
 * role, tag the session and set the source identity, with no condition.
 * @public
 */
export const DEFAULT_TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "rolesanywhere.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
    },
  ],
} as const;
