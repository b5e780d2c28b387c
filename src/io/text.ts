// Text that reaches a terminal or a one-line comment: control characters shown as escapes, so a
// value can neither move the cursor nor end a line; long values cut, so a message stays one line.

// C0 and C1 controls (but tab), DEL, and the Unicode line and paragraph separators.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/g;

/** `text` with each control character written as `\u001b`. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** True when `text` has a control character (other than tab). */
export function hasControl(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}

/** At most `max` characters of `text`, saying how long it was when cut. */
export function truncate(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** Orders strings by UTF-16 code units, the same on every machine (localeCompare depends on the locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first few of a list, and how many more: `a, b, c (+4 more)`, for messages and tables. */
export function few(list: readonly string[], limit = 3): string {
  return list.length <= limit ? list.join(", ") : `${list.slice(0, limit).join(", ")} (+${list.length - limit} more)`;
}
