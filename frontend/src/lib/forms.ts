// Turning an API error into messages next to the right form fields, and the client's own checks.
import { ApiError } from "./api";
import { t } from "./i18n.svelte";

export interface FormErrors {
  fields: Record<string, string>;
  form: string;
}

export function noErrors(): FormErrors {
  return { fields: {}, form: "" };
}

/** Field messages go next to their fields. When `shown` lists the fields the form has, a message for any
 * other field is shown above the form's buttons instead, so no server message is ever lost. */
export function errorsFrom(error: unknown, shown?: string[]): FormErrors {
  if (error instanceof ApiError) {
    const fields = error.fields;
    if (!shown) return { fields, form: Object.keys(fields).length ? "" : error.message };
    const kept: Record<string, string> = {};
    const rest: string[] = [];
    for (const [field, message] of Object.entries(fields)) {
      if (shown.includes(field)) kept[field] = message;
      else rest.push(`${field}: ${message}`);
    }
    return { fields: kept, form: rest.join(" ") || (Object.keys(kept).length ? "" : error.message) };
  }
  return { fields: {}, form: String(error) };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export interface ProjectForm {
  name: string;
  deadline: string;
  milestones: { title: string; date: string }[];
}

/** What the project form checks before it asks the server: a name, real dates, milestones with both a
 * title and a date, none after the deadline. Keys match the server's field names. */
export function checkProject(form: ProjectForm): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!form.name.trim()) fields.name = t("required");
  else if (form.name.length > 200) fields.name = t("too_long", { n: 200 });
  if (form.deadline && !isDate(form.deadline)) fields.deadline = t("date_invalid");
  form.milestones.forEach((m, i) => {
    if (!m.title.trim() && !m.date) return; // an empty row is dropped
    if (!m.title.trim()) fields[`milestones.${i}.title`] = t("required");
    if (!m.date) fields[`milestones.${i}.date`] = t("required");
    else if (!isDate(m.date)) fields[`milestones.${i}.date`] = t("date_invalid");
    else if (form.deadline && isDate(form.deadline) && m.date > form.deadline) fields[`milestones.${i}.date`] = t("after_deadline");
  });
  return fields;
}
