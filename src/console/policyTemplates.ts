/** A trust-policy template of the Roles page. @internal */
export interface PolicyTemplate {
  readonly id: string;
  readonly label: string;
  /** The lab's name for a role with this policy (suggested when the name is empty). */
  readonly roleName: string;
  readonly document: object;
}

const labPolicy = (condition?: object): object => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "rolesanywhere.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});

/**
 * The lab's two trust policies: #1 trusts every certificate a trust anchor accepts, #2 only the
 * certificate whose subject CN is `DavianThule` (examples/lab).
 * @internal
 */
export const POLICY_TEMPLATES: readonly PolicyTemplate[] = [
  {
    id: "lab-all",
    label: "Lab policy #1: any certificate of a trust anchor",
    roleName: "Lab-IAM-Anywhere-All",
    document: labPolicy(),
  },
  {
    id: "lab-only-thule",
    label: "Lab policy #2: only CN=DavianThule",
    roleName: "Lab-IAM-Anywhere-Only-Thule",
    document: labPolicy({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } }),
  },
];

/** A template's document as the editor shows it. @internal */
export const templateText = (template: PolicyTemplate): string => JSON.stringify(template.document, null, 2);
