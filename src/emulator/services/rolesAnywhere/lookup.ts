import type { CrlRecord, ProfileRecord, TrustAnchorRecord } from "../../state/records";
import type { EmulatorState } from "../../state/EmulatorState";
import { fault } from "../fault";

/** Roles Anywhere's not-found answer (404 `ResourceNotFoundException`). @internal */
export const notFound = (what: string, id: string) => fault("ResourceNotFoundException", "Resource not found.", `no ${what} ${id}`);

/** The trust anchor with this id. @throws ServiceFault ResourceNotFoundException @internal */
export function trustAnchorById(state: EmulatorState, id: string): TrustAnchorRecord {
  const anchor = state.trustAnchors.get(id);
  if (!anchor) throw notFound("trust anchor", id);
  return anchor;
}

/** The profile with this id. @throws ServiceFault ResourceNotFoundException @internal */
export function profileById(state: EmulatorState, id: string): ProfileRecord {
  const profile = state.profiles.get(id);
  if (!profile) throw notFound("profile", id);
  return profile;
}

/** The CRL with this id and the anchor holding it. @throws ServiceFault ResourceNotFoundException @internal */
export function crlById(state: EmulatorState, id: string): { crl: CrlRecord; anchor: TrustAnchorRecord } {
  for (const anchor of state.trustAnchors.values()) {
    const crl = anchor.crls.find((c) => c.id === id);
    if (crl) return { crl, anchor };
  }
  throw notFound("CRL", id);
}

/** Every CRL, in import order per anchor. @internal */
export const allCrls = (state: EmulatorState): CrlRecord[] => [...state.trustAnchors.values()].flatMap((a) => a.crls);
