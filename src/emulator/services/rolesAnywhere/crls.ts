import { RolesAnywhereError } from "../../../errors";
import { newResourceId } from "../../ids";
import { checkCrl } from "../../state/EmulatorState";
import type { ResourceTag } from "../../state/records";
import type { ServiceContext } from "../context";
import { fault } from "../fault";
import { pageOf } from "../pagination";
import { crlDetail } from "./details";
import { allCrls, crlById } from "./lookup";
import { checkNewTags } from "./tags";
import { pageSizeOf } from "./trustAnchors";

type Input = Record<string, unknown>;

/** `crlData` as sent: DER, or the bytes of a PEM file (`fileb://crl.pem`); both are accepted. */
function crlText(bytes: Uint8Array): string | Uint8Array {
  const text = Buffer.from(bytes).toString("latin1");
  return text.includes("-----BEGIN X509 CRL-----") ? text : bytes;
}

const asValidation = (error: unknown): never => {
  if (error instanceof RolesAnywhereError) throw fault("ValidationException", error.message.replace(/^Trust anchor "[^"]*": /, ""));
  throw error;
};

/** ImportCrl: binds a CRL to a trust anchor; an enabled CRL revokes from the next CreateSession on. @internal */
export function importCrl(ctx: ServiceContext, input: Input) {
  const anchorArn = input["trustAnchorArn"] as string;
  const anchor = ctx.state.findTrustAnchor(anchorArn);
  if (!anchor) throw fault("ValidationException", `Trust anchor ${anchorArn} was not found.`);
  const tags = checkNewTags(input["tags"] as ResourceTag[] | undefined);
  let crl;
  try {
    crl = ctx.state.importCrl(anchor.id, {
      id: newResourceId(),
      name: input["name"] as string,
      crl: crlText(input["crlData"] as Uint8Array),
      enabled: (input["enabled"] as boolean | undefined) ?? false,
    });
  } catch (error) {
    return asValidation(error);
  }
  crl.tags = tags;
  return { crl: crlDetail(crl) };
}

/** GetCrl. @internal */
export const getCrl = (ctx: ServiceContext, input: Input) => ({ crl: crlDetail(crlById(ctx.state, input["crlId"] as string).crl) });

/** ListCrls. @internal */
export function listCrls(ctx: ServiceContext, input: Input) {
  const page = pageOf(allCrls(ctx.state), input["nextToken"] as string | undefined, pageSizeOf(input), "ValidationException");
  return { crls: page.items.map(crlDetail), ...(page.next ? { nextToken: page.next } : {}) };
}

/** UpdateCrl: name and/or data (checked like ImportCrl before anything changes). @internal */
export function updateCrl(ctx: ServiceContext, input: Input) {
  const { crl, anchor } = crlById(ctx.state, input["crlId"] as string);
  let der: Uint8Array | undefined;
  if (input["crlData"] !== undefined) {
    try {
      der = checkCrl(`Trust anchor "${anchor.id}"`, crlText(input["crlData"] as Uint8Array));
    } catch (error) {
      return asValidation(error);
    }
  }
  if (input["name"] !== undefined) crl.name = input["name"] as string;
  if (der) crl.der = der;
  crl.updatedAt = ctx.now;
  return { crl: crlDetail(crl) };
}

/** DeleteCrl. @internal */
export function deleteCrl(ctx: ServiceContext, input: Input) {
  const { crl, anchor } = crlById(ctx.state, input["crlId"] as string);
  anchor.crls.splice(anchor.crls.indexOf(crl), 1);
  return { crl: crlDetail(crl) };
}

/** EnableCrl / DisableCrl: takes effect on the next CreateSession. @internal */
export const setCrlEnabled = (enabled: boolean) => (ctx: ServiceContext, input: Input) => {
  const { crl } = crlById(ctx.state, input["crlId"] as string);
  crl.enabled = enabled;
  crl.updatedAt = ctx.now;
  return { crl: crlDetail(crl) };
};
