import type { Overview, RoleView } from "../../emulator/console/apiTypes";
import { call, describeFailure } from "../api";
import { announce, confirmButton, copyable, errorBox, field, table } from "../components";
import type { AppContext, Page } from "../context";
import { el } from "../dom";
import { formatDuration, policySummary } from "../format";
import { POLICY_TEMPLATES, templateText } from "../policyTemplates";
import { mountResourcePage, runAction, type PageError } from "../resourcePage";

const DURATIONS = [3600, 7200, 14400, 21600, 28800, 43200];

function roleForm(app: AppContext, done: () => void) {
  const form = el("form", { class: "form", novalidate: true });
  const name = el("input", { type: "text", name: "roleName", autocomplete: "off", required: true, maxlength: 64, spellcheck: "false" });
  const description = el("input", { type: "text", name: "description", maxlength: 1000 });
  const duration = el("select", { name: "maxSessionDuration" }, ...DURATIONS.map((s) => el("option", { value: s }, formatDuration(s))));
  const policy = el("textarea", { id: "trust-policy", name: "trustPolicy", rows: 16, spellcheck: "false", class: "code", required: true });
  const error = errorBox();
  const submit = el("button", { type: "submit", class: "primary" }, "Create role");
  const cancel = el("button", { type: "button", class: "secondary" }, "Cancel");
  let editing: RoleView | undefined;

  const templates = el(
    "div",
    { class: "templates", role: "group", "aria-label": "Trust policy templates" },
    el("span", { class: "templates-label" }, "Templates:"),
    ...POLICY_TEMPLATES.map((t) =>
      el(
        "button",
        {
          type: "button",
          class: "secondary",
          "data-template": t.id,
          onclick: () => {
            policy.value = templateText(t);
            if (!editing && name.value.trim() === "") name.value = t.roleName;
            policy.focus();
          },
        },
        t.label,
      ),
    ),
  );

  form.append(
    field("Role name", name, "Letters, digits and + = , . @ _ - (IAM's rule); at most 64 characters."),
    field("Description (optional)", description),
    field("Maximum session duration", duration),
    el("div", { class: "field" }, el("label", { for: policy.id }, "Trust policy"), templates, policy),
    error.node,
    el("div", { class: "actions" }, submit, cancel),
  );

  cancel.addEventListener("click", done);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.show(undefined);
    submit.disabled = true;
    try {
      const maxSessionDuration = Number(duration.value);
      if (editing) {
        await call("iam", "UpdateAssumeRolePolicy", { RoleName: editing.name, PolicyDocument: policy.value });
        await call("iam", "UpdateRole", {
          RoleName: editing.name,
          MaxSessionDuration: maxSessionDuration,
          ...(description.value === "" ? {} : { Description: description.value }),
        });
        announce(`Role ${editing.name} saved`);
      } else {
        await call("iam", "CreateRole", {
          RoleName: name.value.trim(),
          AssumeRolePolicyDocument: policy.value,
          MaxSessionDuration: maxSessionDuration,
          ...(description.value === "" ? {} : { Description: description.value }),
        });
        announce(`Role ${name.value.trim()} created`);
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
    open(role?: RoleView) {
      editing = role;
      error.show(undefined);
      name.value = role?.name ?? "";
      name.readOnly = role !== undefined;
      description.value = role?.description ?? "";
      if (role && !DURATIONS.includes(role.maxSessionDuration)) {
        duration.append(el("option", { value: role.maxSessionDuration }, formatDuration(role.maxSessionDuration)));
      }
      duration.value = String(role?.maxSessionDuration ?? 3600);
      policy.value = role ? prettyPolicy(role.trustPolicy) : "";
      submit.textContent = role ? "Save changes" : "Create role";
      (role ? policy : name).focus();
    },
  };
}

const prettyPolicy = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

function rolesTable(overview: Overview, edit: (role: RoleView) => void, app: AppContext, pageError: PageError) {
  return table(
    "IAM roles",
    ["Role name", "ARN", "Trust policy", "Max session", "Actions"],
    overview.roles.map((role) => [
      el("span", { class: "name" }, role.name),
      copyable(role.arn, `ARN of role ${role.name}`),
      el("span", { class: "summary" }, policySummary(role.trustPolicy)),
      formatDuration(role.maxSessionDuration),
      el(
        "span",
        { class: "row-actions" },
        el("button", { type: "button", class: "secondary", "aria-label": `Edit role ${role.name}`, onclick: () => edit(role) }, "Edit"),
        confirmButton("Delete", `role ${role.name}`, () =>
          runAction(app, pageError, () => call("iam", "DeleteRole", { RoleName: role.name }), `Role ${role.name} deleted`),
        ),
      ),
    ]),
    "No roles yet. Create one: the lab needs Lab-IAM-Anywhere-All (policy #1) and Lab-IAM-Anywhere-Only-Thule (policy #2).",
  );
}

/** Roles: create (trust-policy editor with the lab's templates), edit, delete. @internal */
export const rolesPage: Page = {
  route: "roles",
  title: "Roles",
  mount: (main, app) =>
    mountResourcePage<RoleView>(main, app, {
      title: "Roles",
      lead: "IAM roles that certificates assume through a profile. Each role's trust policy decides who may.",
      createLabel: "Create role",
      editTitle: (role) => `Edit role ${role.name}`,
      form: (close) => roleForm(app, close),
      list: (overview, open, pageError) => rolesTable(overview, open, app, pageError),
    }),
};
