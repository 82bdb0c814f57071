import type { Overview, ProfileView } from "../../emulator/console/apiTypes";
import { call, describeFailure } from "../api";
import { announce, badge, checkbox, confirmButton, errorBox, field, identifiers, table } from "../components";
import type { AppContext, Page } from "../context";
import { el, replace } from "../dom";
import { formatDuration, specifiersOf } from "../format";
import { mountResourcePage, runAction, toggleButton, type PageError } from "../resourcePage";

const FIELDS = [
  { field: "x509Subject", label: "Subject", defaults: ["*"] },
  { field: "x509Issuer", label: "Issuer", defaults: ["*"] },
  { field: "x509SAN", label: "Subject alternative name", defaults: ["DNS", "URI", "Name/*"] },
] as const;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The PutAttributeMapping / DeleteAttributeMapping calls that take `current` to `wanted`. */
async function applyMappings(profileId: string, current: ProfileView["attributeMappings"] | undefined, wanted: Map<string, string[]>) {
  for (const { field, defaults } of FIELDS) {
    const next = wanted.get(field) ?? [];
    const before = current?.find((m) => m.certificateField === field)?.specifiers ?? defaults;
    if (sameList(next, before)) continue;
    if (next.length === 0) await call("rolesanywhere", "DeleteAttributeMapping", { profileId, certificateField: field });
    else
      await call("rolesanywhere", "PutAttributeMapping", {
        profileId,
        certificateField: field,
        mappingRules: next.map((specifier) => ({ specifier })),
      });
  }
}

function profileForm(app: AppContext, done: () => void) {
  const form = el("form", { class: "form", novalidate: true });
  const name = el("input", { type: "text", name: "name", autocomplete: "off", required: true, maxlength: 255 });
  const roles = el("fieldset", { class: "choices roles" }, el("legend", {}, "Roles"));
  const roleList = el("div", { class: "role-list" });
  roles.append(roleList);
  const duration = el("input", { type: "number", name: "durationSeconds", min: 900, max: 43200, step: 1, value: 3600 });
  const acceptName = checkbox("Accept a custom role session name (roleSessionName)", false, { name: "acceptRoleSessionName" });
  const enabled = checkbox("Enable the profile now", true, { name: "enabled" });
  const mappingInputs = new Map<string, HTMLInputElement>();
  const mappings = el(
    "fieldset",
    { class: "choices" },
    el("legend", {}, "Attribute mappings (session tags from the certificate)"),
    ...FIELDS.map(({ field: f, label, defaults }) => {
      const input = el("input", { type: "text", name: `mapping-${f}`, spellcheck: "false", value: defaults.join(", ") });
      mappingInputs.set(f, input);
      return field(`${label} (${f})`, input, `Specifiers, comma-separated; default ${defaults.join(", ")}; empty maps nothing.`);
    }),
  );
  const error = errorBox();
  const submit = el("button", { type: "submit", class: "primary" }, "Create profile");
  const cancel = el("button", { type: "button", class: "secondary", onclick: done }, "Cancel");
  let editing: ProfileView | undefined;
  let overview: Overview | undefined;

  const renderRoles = (checked: ReadonlySet<string>) => {
    const all = overview?.roles ?? [];
    replace(
      roleList,
      ...(all.length === 0 ? [el("p", { class: "hint" }, "No roles yet: create them on the Roles page.")] : []),
      ...all.map((role) => checkbox(role.name, checked.has(role.arn), { name: "roleArns", value: role.arn }).row),
    );
  };
  const checkedRoles = () =>
    new Set(
      Array.from(roleList.querySelectorAll<HTMLInputElement>("input[type=checkbox]"))
        .filter((i) => i.checked)
        .map((i) => i.value),
    );

  form.append(
    field("Profile name", name, "Letters, digits, spaces, - and _."),
    roles,
    field("Session duration (seconds)", duration, "900–43200; sessions last this long at most (1 hour by default)."),
    acceptName.row,
    enabled.row,
    mappings,
    error.node,
    el("div", { class: "actions" }, submit, cancel),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.show(undefined);
    submit.disabled = true;
    const roleArns = [...checkedRoles()];
    const wanted = new Map([...mappingInputs].map(([f, input]) => [f, specifiersOf(input.value)]));
    try {
      const common = {
        name: name.value.trim(),
        roleArns,
        durationSeconds: Number(duration.value),
        acceptRoleSessionName: acceptName.input.checked,
      };
      if (editing) {
        await call("rolesanywhere", "UpdateProfile", { profileId: editing.profileId, ...common });
        await applyMappings(editing.profileId, editing.attributeMappings, wanted);
        if (enabled.input.checked !== editing.enabled) {
          await call("rolesanywhere", enabled.input.checked ? "EnableProfile" : "DisableProfile", { profileId: editing.profileId });
        }
        announce(`Profile ${common.name} saved`);
      } else {
        const output = await call("rolesanywhere", "CreateProfile", { ...common, enabled: enabled.input.checked });
        const profileId = (output["profile"] as { profileId: string }).profileId;
        await applyMappings(profileId, undefined, wanted);
        announce(`Profile ${common.name} created`);
      }
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
    open(profile?: ProfileView) {
      editing = profile;
      error.show(undefined);
      name.value = profile?.name ?? "";
      duration.value = String(profile?.durationSeconds ?? 3600);
      acceptName.input.checked = profile?.acceptRoleSessionName ?? false;
      enabled.input.checked = profile?.enabled ?? true;
      for (const { field: f, defaults } of FIELDS) {
        const current = profile?.attributeMappings.find((m) => m.certificateField === f)?.specifiers ?? defaults;
        mappingInputs.get(f)!.value = current.join(", ");
      }
      renderRoles(new Set(profile?.roleArns ?? []));
      submit.textContent = profile ? "Save changes" : "Create profile";
      name.focus();
    },
    update(next: Overview) {
      overview = next;
      renderRoles(checkedRoles());
    },
  };
}

function profilesTable(overview: Overview, edit: (p: ProfileView) => void, app: AppContext, pageError: PageError) {
  const roleName = (arn: string) => overview.roles.find((r) => r.arn === arn)?.name ?? arn;
  const act = (operation: string, p: ProfileView, done: string) =>
    runAction(app, pageError, () => call("rolesanywhere", operation, { profileId: p.profileId }), `Profile ${p.name} ${done}`);
  return table(
    "Profiles",
    ["Name", "Status", "Roles", "Session", "Attribute mappings", "Profile ID and ARN", "Actions"],
    overview.profiles.map((p) => [
      el("span", { class: "name" }, p.name),
      p.enabled ? badge("ENABLED", "ok") : badge("DISABLED", "off"),
      el("ul", { class: "plain" }, ...p.roleArns.map((arn) => el("li", {}, roleName(arn)))),
      el(
        "span",
        {},
        formatDuration(p.durationSeconds),
        el("br"),
        el("span", { class: "muted" }, p.acceptRoleSessionName ? "custom session name accepted" : "no custom session name"),
      ),
      el(
        "ul",
        { class: "plain" },
        ...p.attributeMappings.map((m) =>
          el("li", {}, `${m.certificateField}: ${m.specifiers.length ? m.specifiers.join(", ") : "(nothing)"}`),
        ),
      ),
      identifiers(p.profileId, p.profileArn, `profile ${p.name}`),
      el(
        "span",
        { class: "row-actions" },
        el("button", { type: "button", class: "secondary", "aria-label": `Edit profile ${p.name}`, onclick: () => edit(p) }, "Edit"),
        toggleButton(p.enabled, `profile ${p.name}`, (enable) =>
          act(enable ? "EnableProfile" : "DisableProfile", p, enable ? "enabled" : "disabled"),
        ),
        confirmButton("Delete", `profile ${p.name}`, () => act("DeleteProfile", p, "deleted")),
      ),
    ]),
    "No profiles yet. Create one listing the roles certificates may assume.",
  );
}

/** Profiles: roles, duration, session-name acceptance, attribute mappings; enable/disable, edit, delete. @internal */
export const profilesPage: Page = {
  route: "profiles",
  title: "Profiles",
  mount: (main, app) =>
    mountResourcePage<ProfileView>(main, app, {
      title: "Profiles",
      lead: "Which roles a certificate may assume, for how long, and which certificate fields become session tags.",
      createLabel: "Create profile",
      editTitle: (profile) => `Edit profile ${profile.name}`,
      form: (close) => profileForm(app, close),
      list: (overview, open, pageError) => profilesTable(overview, open, app, pageError),
    }),
};
