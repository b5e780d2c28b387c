// The one escaping rule for YAML scalars dpnet writes: a double-quoted scalar, so no value can
// open a new key, document or tag whatever characters it holds.

// YAML's printable set leaves out DEL, the C1 controls but NEL, and U+FFFE/U+FFFF; JSON escapes the C0 ones.
const NON_PRINTABLE = /[\x7f-\x84\x86-\x9f\u2028\u2029\ufffe\uffff]/g;

/** `text` as a YAML double-quoted scalar that any YAML 1.1 or 1.2 reader reads back as `text`. */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(NON_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
