import type { Overview } from "../../emulator/console/apiTypes";
import { describeFailure, explain } from "../api";
import { badge, errorBox, field, fileBytes, pageHeader } from "../components";
import type { Page } from "../context";
import { decisionView } from "../decisionView";
import { el, replace } from "../dom";
import { pemOfUpload } from "../format";

const keep = (select: HTMLSelectElement, options: readonly HTMLOptionElement[]) => {
  const chosen = select.value;
  replace(select, ...options);
  if (options.some((o) => o.value === chosen)) select.value = chosen;
};

/** Try a certificate: the decision for a pasted certificate, profile and role, without credentials. @internal */
export const tryCertificatePage: Page = {
  route: "try",
  title: "Try a certificate",
  mount(main, app) {
    const form = el("form", { class: "form", novalidate: true });
    const certificate = el("textarea", { name: "certificate", rows: 10, spellcheck: "false", class: "code" });
    const upload = el("input", { type: "file", name: "certificateFile", accept: ".pem,.crt,.cer,.der" });
    const chain = el("textarea", { name: "chain", rows: 4, spellcheck: "false", class: "code" });
    const anchor = el("select", { name: "trustAnchorArn" });
    const profile = el("select", { name: "profileArn" });
    const role = el("select", { name: "roleArn" });
    const sessionName = el("input", { type: "text", name: "roleSessionName", autocomplete: "off", spellcheck: "false" });
    const error = errorBox();
    const submit = el("button", { type: "submit", class: "primary" }, "Explain the decision");
    const result = el("section", { class: "result", "aria-live": "polite", "aria-label": "Decision" });
    let overview: Overview | undefined;

    const fillRoles = () => {
      const listed = overview?.profiles.find((p) => p.profileArn === profile.value)?.roleArns ?? [];
      const roles = overview?.roles ?? [];
      const inProfile = roles.filter((r) => listed.includes(r.arn));
      const others = roles.filter((r) => !listed.includes(r.arn));
      keep(role, [
        ...inProfile.map((r) => el("option", { value: r.arn }, r.name)),
        ...others.map((r) => el("option", { value: r.arn }, `${r.name} (not in the profile)`)),
      ]);
    };
    profile.addEventListener("change", fillRoles);
    upload.addEventListener("change", async () => {
      const bytes = await fileBytes(upload);
      if (bytes) certificate.value = pemOfUpload(bytes, "CERTIFICATE");
    });

    form.append(
      el(
        "p",
        { class: "notice-inline" },
        "Paste a certificate only. The console never asks for a private key, and refuses input that holds one.",
      ),
      field("Certificate (PEM)", certificate, "The end-entity certificate, e.g. the lab's GabrielAngelos.crt."),
      field("…or upload the certificate file", upload),
      field("Intermediate certificates (PEM, optional)", chain, "What X-Amz-X509-Chain would carry."),
      field("Trust anchor", anchor),
      field("Profile", profile),
      field("Role", role),
      field("Role session name (optional)", sessionName, "Only profiles that accept a custom session name allow one."),
      error.node,
      el("div", { class: "actions" }, submit),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.show(undefined);
      submit.disabled = true;
      try {
        const answer = await explain({
          certificate: certificate.value,
          ...(chain.value.trim() ? { chain: chain.value } : {}),
          trustAnchorArn: anchor.value,
          profileArn: profile.value,
          roleArn: role.value,
          ...(sessionName.value.trim() ? { roleSessionName: sessionName.value.trim() } : {}),
        });
        const verdict = answer.decision.allowed
          ? el("p", { class: "verdict allowed" }, badge("Allowed", "ok"), " CreateSession would issue credentials for this certificate.")
          : el(
              "p",
              { class: "verdict denied" },
              badge("Denied", "denied"),
              ` ${answer.error?.type ?? "Error"}: ${answer.error?.message ?? ""}`,
            );
        replace(result, el("h2", {}, "Decision"), verdict, decisionView(answer.decision));
      } catch (failure) {
        replace(result);
        error.show(describeFailure(failure));
      } finally {
        submit.disabled = false;
      }
    });

    main.append(
      pageHeader(
        "Try a certificate",
        "See what CreateSession would decide for a certificate, a profile and a role, and why — without signing anything or issuing credentials.",
      ),
      form,
      result,
    );
    return app.store.subscribe((next) => {
      overview = next;
      keep(
        anchor,
        next.trustAnchors.map((a) => el("option", { value: a.trustAnchorArn }, `${a.name}${a.enabled ? "" : " (disabled)"}`)),
      );
      keep(
        profile,
        next.profiles.map((p) => el("option", { value: p.profileArn }, `${p.name}${p.enabled ? "" : " (disabled)"}`)),
      );
      fillRoles();
    });
  },
};
