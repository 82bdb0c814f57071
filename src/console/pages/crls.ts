import type { CrlView, Overview } from "../../emulator/console/apiTypes";
import { call, describeFailure } from "../api";
import { announce, badge, checkbox, confirmButton, errorBox, field, fileBytes, table } from "../components";
import type { AppContext, Page } from "../context";
import { el, replace } from "../dom";
import { base64Of } from "../format";
import { mountResourcePage, runAction, toggleButton, type PageError } from "../resourcePage";

function crlForm(app: AppContext, done: () => void) {
  const form = el("form", { class: "form", novalidate: true });
  const name = el("input", { type: "text", name: "name", autocomplete: "off", required: true, maxlength: 255 });
  const anchor = el("select", { name: "trustAnchorArn" });
  const pem = el("textarea", { name: "crl", rows: 8, spellcheck: "false", class: "code" });
  const upload = el("input", { type: "file", name: "crlFile", accept: ".pem,.crl,.der" });
  const enabled = checkbox("Enable the CRL now (it revokes at once)", true, { name: "enabled" });
  const error = errorBox();
  const submit = el("button", { type: "submit", class: "primary" }, "Import CRL");
  const cancel = el("button", { type: "button", class: "secondary", onclick: done }, "Cancel");
  let uploaded: Uint8Array | undefined;
  upload.addEventListener("change", async () => {
    uploaded = await fileBytes(upload);
    const text = uploaded ? new TextDecoder().decode(uploaded) : "";
    pem.value = text.includes("-----BEGIN X509 CRL-----") ? text : uploaded ? `(binary DER file, ${uploaded.length} bytes)` : "";
  });
  pem.addEventListener("input", () => (uploaded = undefined));
  form.append(
    field("CRL name", name),
    field("Trust anchor", anchor, "The CRL applies to certificates on paths to this anchor."),
    field("CRL (PEM)", pem, 'Paste "-----BEGIN X509 CRL-----…", or upload a PEM or DER file below.'),
    field("…or upload the CRL file", upload),
    enabled.row,
    error.node,
    el("div", { class: "actions" }, submit, cancel),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.show(undefined);
    submit.disabled = true;
    try {
      const bytes = uploaded ?? new TextEncoder().encode(pem.value);
      await call("rolesanywhere", "ImportCrl", {
        name: name.value.trim(),
        trustAnchorArn: anchor.value,
        crlData: base64Of(bytes),
        enabled: enabled.input.checked,
      });
      announce(`CRL ${name.value.trim()} imported`);
      await app.store.refresh();
      done();
    } catch (failure) {
      error.show(describeFailure(failure));
    } finally {
      submit.disabled = false;
    }
  });
  return {
    form,
    open() {
      form.reset();
      uploaded = undefined;
      enabled.input.checked = true;
      error.show(undefined);
      name.focus();
    },
    update(overview: Overview) {
      const chosen = anchor.value;
      replace(anchor, ...overview.trustAnchors.map((a) => el("option", { value: a.trustAnchorArn }, `${a.name} (${a.trustAnchorId})`)));
      if (overview.trustAnchors.some((a) => a.trustAnchorArn === chosen)) anchor.value = chosen;
    },
  };
}

const revokedList = (crl: CrlView): HTMLElement =>
  crl.revoked.length === 0
    ? el("span", { class: "muted" }, "nothing (no serial listed)")
    : el(
        "ul",
        { class: "plain" },
        ...crl.revoked.map((r) =>
          el(
            "li",
            {},
            el("code", {}, r.serialHex),
            r.knownSubjects.length > 0
              ? ` — ${r.knownSubjects.join(", ")}`
              : el("span", { class: "muted" }, " — a certificate not seen yet"),
          ),
        ),
      );

function crlsTable(overview: Overview, app: AppContext, pageError: PageError) {
  const act = (operation: string, crl: CrlView, done: string) =>
    runAction(app, pageError, () => call("rolesanywhere", operation, { crlId: crl.crlId }), `CRL ${crl.name} ${done}`);
  return table(
    "Certificate revocation lists",
    ["Name", "Status", "Trust anchor", "Issuer", "Revokes (serial, hex)", "Actions"],
    overview.crls.map((crl) => [
      el("span", { class: "name" }, crl.name),
      crl.enabled ? badge("ENABLED", "ok") : badge("DISABLED", "off"),
      crl.trustAnchorName,
      el(
        "span",
        {},
        crl.issuer ?? "(unreadable)",
        crl.signedByAnchor ? "" : el("span", { class: "muted" }, " — not an anchor certificate: applies to intermediates it issued"),
      ),
      revokedList(crl),
      el(
        "span",
        { class: "row-actions" },
        toggleButton(crl.enabled, `CRL ${crl.name}`, (enable) =>
          act(enable ? "EnableCrl" : "DisableCrl", crl, enable ? "enabled" : "disabled"),
        ),
        confirmButton("Delete", `CRL ${crl.name}`, () => act("DeleteCrl", crl, "deleted")),
      ),
    ]),
    "No CRLs imported. An enabled CRL signed by a CA on the path revokes the certificates it lists.",
  );
}

/** CRLs: import into a trust anchor, enable/disable, delete, and what each revokes. @internal */
export const crlsPage: Page = {
  route: "crls",
  title: "CRLs",
  mount: (main, app) =>
    mountResourcePage<void>(main, app, {
      title: "Certificate revocation lists",
      lead: "CRLs imported into trust anchors, and the certificates each one revokes.",
      createLabel: "Import CRL",
      form: (close) => crlForm(app, close),
      list: (overview, _open, pageError) => crlsTable(overview, app, pageError),
    }),
};
