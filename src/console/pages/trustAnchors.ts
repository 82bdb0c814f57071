import type { Overview, TrustAnchorView } from "../../emulator/console/apiTypes";
import { call, describeFailure } from "../api";
import { announce, badge, checkbox, confirmButton, errorBox, field, fileBytes, identifiers, table } from "../components";
import type { AppContext, Page } from "../context";
import { el, replace, uid } from "../dom";
import { daysUntil, formatDate, pemOfUpload } from "../format";
import { mountResourcePage, runAction, toggleButton, type PageError } from "../resourcePage";

function anchorForm(app: AppContext, done: () => void) {
  const form = el("form", { class: "form", novalidate: true });
  const name = el("input", { type: "text", name: "name", autocomplete: "off", required: true, maxlength: 255 });
  const bundleRadio = el("input", { type: "radio", name: "sourceType", value: "CERTIFICATE_BUNDLE", id: uid("source") });
  const pcaRadio = el("input", { type: "radio", name: "sourceType", value: "AWS_ACM_PCA", id: uid("source") });
  bundleRadio.checked = true;
  const pem = el("textarea", { name: "certificate", rows: 10, spellcheck: "false", class: "code" });
  const upload = el("input", { type: "file", name: "certificateFile", accept: ".pem,.crt,.cer,.der" });
  const pca = el("select", { name: "acmPcaArn" });
  const enabled = checkbox("Enable the trust anchor now (its status is ACTIVE)", true, { name: "enabled" });
  const error = errorBox();
  const submit = el("button", { type: "submit", class: "primary" }, "Create trust anchor");
  const cancel = el("button", { type: "button", class: "secondary", onclick: done }, "Cancel");
  const bundleFields = el(
    "div",
    { class: "source-fields" },
    field("CA certificate (PEM)", pem, "Paste the CA's certificate (one or two, PEM), e.g. the lab's ca.crt."),
    field("…or upload the certificate file", upload),
  );
  const pcaFields = el("div", { class: "source-fields", hidden: true }, field("Private certificate authority", pca));
  const showSource = () => {
    bundleFields.hidden = !bundleRadio.checked;
    pcaFields.hidden = !pcaRadio.checked;
  };
  bundleRadio.addEventListener("change", showSource);
  pcaRadio.addEventListener("change", showSource);
  upload.addEventListener("change", async () => {
    const bytes = await fileBytes(upload);
    if (bytes) pem.value = pemOfUpload(bytes, "CERTIFICATE");
  });
  form.append(
    field("Trust anchor name", name, "Letters, digits, spaces, - and _."),
    el(
      "fieldset",
      { class: "choices" },
      el("legend", {}, "Certificate authority source"),
      el("div", { class: "check" }, bundleRadio, el("label", { for: bundleRadio.id }, "External certificate bundle")),
      el("div", { class: "check" }, pcaRadio, el("label", { for: pcaRadio.id }, "AWS Private CA (emulated)")),
    ),
    bundleFields,
    pcaFields,
    enabled.row,
    error.node,
    el("div", { class: "actions" }, submit, cancel),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.show(undefined);
    submit.disabled = true;
    const source = bundleRadio.checked
      ? { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: pem.value } }
      : { sourceType: "AWS_ACM_PCA", sourceData: { acmPcaArn: pca.value } };
    try {
      await call("rolesanywhere", "CreateTrustAnchor", { name: name.value.trim(), source, enabled: enabled.input.checked });
      announce(`Trust anchor ${name.value.trim()} created`);
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
      bundleRadio.checked = true;
      enabled.input.checked = true;
      showSource();
      error.show(undefined);
      name.focus();
    },
    update(overview: Overview) {
      const chosen = pca.value;
      const active = overview.certificateAuthorities.filter((ca) => ca.status === "ACTIVE");
      replace(
        pca,
        ...(active.length === 0
          ? [el("option", { value: "" }, "No ACTIVE private CA: create one with aws acm-pca against the emulator")]
          : active.map((ca) => el("option", { value: ca.arn }, `${ca.subject ?? "(no subject)"} — ${ca.arn}`))),
      );
      if (active.some((ca) => ca.arn === chosen)) pca.value = chosen;
    },
  };
}

function caCell(anchor: TrustAnchorView): HTMLElement {
  const now = new Date();
  return el(
    "div",
    { class: "ca" },
    ...anchor.certificates.map((c) => {
      const days = daysUntil(c.notAfter, now);
      return el(
        "div",
        {},
        el("span", { class: "subject" }, c.subject),
        el("span", { class: days < 0 ? "expiry expired" : days < 45 ? "expiry soon" : "expiry" }, ` expires ${formatDate(c.notAfter)}`),
      );
    }),
    el("span", { class: "muted" }, anchor.sourceType === "AWS_ACM_PCA" ? "AWS Private CA" : "Certificate bundle"),
  );
}

function anchorsTable(overview: Overview, app: AppContext, pageError: PageError) {
  const act = (operation: string, anchor: TrustAnchorView, done: string) =>
    runAction(
      app,
      pageError,
      () => call("rolesanywhere", operation, { trustAnchorId: anchor.trustAnchorId }),
      `Trust anchor ${anchor.name} ${done}`,
    );
  return table(
    "Trust anchors",
    ["Name", "Status", "Certificate authority", "Trust anchor ID and ARN", "Actions"],
    overview.trustAnchors.map((a) => [
      el("span", { class: "name" }, a.name),
      a.enabled ? badge("ACTIVE", "ok") : badge("DISABLED", "off"),
      caCell(a),
      identifiers(a.trustAnchorId, a.trustAnchorArn, `trust anchor ${a.name}`),
      el(
        "span",
        { class: "row-actions" },
        toggleButton(a.enabled, `trust anchor ${a.name}`, (enable) =>
          act(enable ? "EnableTrustAnchor" : "DisableTrustAnchor", a, enable ? "enabled" : "disabled"),
        ),
        confirmButton("Delete", `trust anchor ${a.name}`, () => act("DeleteTrustAnchor", a, "deleted")),
      ),
    ]),
    "No trust anchors yet. Create one from the lab's CA certificate (out/pki/ca.crt of the lab) or from an emulated private CA.",
  );
}

/** Trust anchors: create from a CA certificate or a private CA, enable/disable, delete. @internal */
export const trustAnchorsPage: Page = {
  route: "trust-anchors",
  title: "Trust anchors",
  mount: (main, app) =>
    mountResourcePage<void>(main, app, {
      title: "Trust anchors",
      lead: "The certificate authorities Roles Anywhere trusts. A certificate must chain to an enabled anchor.",
      createLabel: "Create trust anchor",
      form: (close) => anchorForm(app, close),
      list: (overview, _open, pageError) => anchorsTable(overview, app, pageError),
    }),
};
