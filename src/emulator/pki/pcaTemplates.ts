/**
 * ACM Private CA's certificate templates the emulator implements, by name
 * (`arn:aws:acm-pca:::template/<name>`), as AWS documents their extensions.
 * @module
 */

/** What a template puts into a certificate. @internal */
export interface TemplateSpec {
  /** A CA certificate (basicConstraints cA, keyCertSign and cRLSign), or an end entity. */
  readonly ca: boolean;
  /** pathLenConstraint of a CA certificate (none for a root). */
  readonly pathLength?: number;
  /** keyUsage of an end-entity certificate. */
  readonly keyUsage?: readonly ("digitalSignature" | "keyEncipherment")[];
  /** extKeyUsage OIDs of an end-entity certificate. */
  readonly extendedKeyUsage?: readonly string[];
  /** Only for a root CA's own certificate: issued by the CA itself from its own CSR. */
  readonly selfSigned?: boolean;
}

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

/** The templates, by name. @internal */
export const PCA_TEMPLATES: Readonly<Record<string, TemplateSpec>> = {
  "EndEntityCertificate/V1": { ca: false, keyUsage: ["digitalSignature", "keyEncipherment"], extendedKeyUsage: [SERVER_AUTH, CLIENT_AUTH] },
  "EndEntityClientAuthCertificate/V1": { ca: false, keyUsage: ["digitalSignature"], extendedKeyUsage: [CLIENT_AUTH] },
  "EndEntityServerAuthCertificate/V1": { ca: false, keyUsage: ["digitalSignature", "keyEncipherment"], extendedKeyUsage: [SERVER_AUTH] },
  "RootCACertificate/V1": { ca: true, selfSigned: true },
  "SubordinateCACertificate_PathLen0/V1": { ca: true, pathLength: 0 },
  "SubordinateCACertificate_PathLen1/V1": { ca: true, pathLength: 1 },
  "SubordinateCACertificate_PathLen2/V1": { ca: true, pathLength: 2 },
  "SubordinateCACertificate_PathLen3/V1": { ca: true, pathLength: 3 },
};

/** The template a request names (default `EndEntityCertificate/V1`), or `undefined` for an unknown ARN. @internal */
export function templateOf(templateArn: string | undefined): { name: string; spec: TemplateSpec } | undefined {
  if (templateArn === undefined) return { name: "EndEntityCertificate/V1", spec: PCA_TEMPLATES["EndEntityCertificate/V1"]! };
  const m = /^arn:aws[a-z-]*:acm-pca:::template\/(.+)$/.exec(templateArn);
  const spec = m ? PCA_TEMPLATES[m[1]!] : undefined;
  return spec ? { name: m![1]!, spec } : undefined;
}
