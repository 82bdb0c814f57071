/**
 * The compact form of an AWS service model (botocore's `service-2.json`) that
 * `scripts/service-models.mjs` writes: only what the emulator's protocol adapters need to route,
 * validate and serialise. Field names are the model's own.
 * @module
 */

/** A reference from a structure, list or map to a shape, with its wire location. @internal */
export interface MemberRef {
  readonly shape: string;
  /** rest-json: `uri`, `querystring`, `header`, `headers`, `statusCode`; absent for the body. */
  readonly location?: string;
  /** Wire name when it differs from the member name (URI label, query key, header, XML element). */
  readonly locationName?: string;
  readonly idempotencyToken?: boolean;
  readonly timestampFormat?: string;
  readonly flattened?: boolean;
  readonly queryName?: string;
  readonly jsonvalue?: boolean;
}

/** One shape of the model. @internal */
export interface ShapeModel {
  readonly type: "structure" | "list" | "map" | "string" | "integer" | "long" | "boolean" | "timestamp" | "blob" | "float" | "double";
  readonly required?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly flattened?: boolean;
  readonly timestampFormat?: string;
  readonly exception?: boolean;
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
  readonly sensitive?: boolean;
  /** Exactly one member may be set. */
  readonly union?: boolean;
  readonly document?: boolean;
  readonly members?: Readonly<Record<string, MemberRef>>;
  readonly member?: MemberRef;
  readonly key?: MemberRef;
  readonly value?: MemberRef;
}

/** One operation of the model. @internal */
export interface OperationModel {
  readonly http: { readonly method?: string; readonly requestUri?: string; readonly responseCode?: number };
  readonly input?: string;
  readonly output?: string;
  /** Query protocol: the element that wraps the output (`CreateRoleResult`). */
  readonly resultWrapper?: string;
  readonly errors: readonly string[];
}

/** A compacted service model. @internal */
export interface ServiceModel {
  readonly metadata: {
    readonly apiVersion: string;
    readonly protocol: string;
    readonly jsonVersion?: string;
    readonly targetPrefix?: string;
    readonly xmlNamespace?: string;
    readonly signingName?: string;
    readonly endpointPrefix?: string;
    readonly serviceId?: string;
  };
  /** Every operation of the service, implemented here or not. */
  readonly allOperations: readonly string[];
  /** The operations the emulator implements, with their routes. */
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, ShapeModel>>;
}
