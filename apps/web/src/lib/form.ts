import { toFieldIssues, type FieldIssue, type z } from '@dz/contracts';
import type { FormInstance } from 'antd';
import { ApiError } from './api';

/**
 * Puts each issue under its field of `form` (clearing the others' errors) and returns the
 * messages no field took, for an Alert. `aliases` maps a server path to a field name.
 */
export function showFieldIssues<T>(
  form: FormInstance<T>,
  fields: readonly (keyof T & string)[],
  issues: readonly FieldIssue[],
  aliases: Readonly<Record<string, keyof T & string>> = {},
): string[] {
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const issue of issues) {
    const field = aliases[issue.path] ?? fields.find((f) => f === issue.path);
    if (field) byField.set(field, [...(byField.get(field) ?? []), issue.message]);
    else rest.push(issue.message);
  }
  form.setFields(fields.map((name) => ({ name: name as never, errors: byField.get(name) ?? [] })));
  return rest;
}

/** The issues of a failed `safeParse`, field by field. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return toFieldIssues(error);
}

/**
 * For a failed API call: shows its field issues under the fields and returns the message for the
 * Alert, or `null` when the fields say it all.
 */
export function showApiError<T>(
  form: FormInstance<T>,
  fields: readonly (keyof T & string)[],
  error: unknown,
  aliases: Readonly<Record<string, keyof T & string>> = {},
): string | null {
  if (error instanceof ApiError && error.body.issues?.length) {
    const rest = showFieldIssues(form, fields, error.body.issues, aliases);
    return rest.length === 0 ? null : rest.join('；');
  }
  return error instanceof ApiError ? error.message : '网络连接失败，请检查网络后重试';
}

/** Clears a field's error as soon as it is edited (for `Form`'s `onValuesChange`). */
export function clearErrorsOnChange<T>(form: FormInstance<T>) {
  return (changed: Partial<T>) =>
    form.setFields(Object.keys(changed as object).map((name) => ({ name: name as never, errors: [] })));
}
