/**
 * Untrusted text made safe to print: file names, commit authors and subjects,
 * refs and source lines come from whoever made the commit, and a terminal or a CI
 * log obeys the control characters in them (an escape sequence can erase a report
 * line, rewrite it, or hide text; a newline in a file name forges a line of its
 * own; a bidirectional override reorders what is shown). Each such character is
 * shown as an escape (`\x1B`, `\u202E`) instead, so the name stays recognisable
 * and nothing in it acts on the screen.
 */

/** C0 controls but tab, DEL, C1 controls, and the Unicode controls that reorder or break lines. */
// eslint-disable-next-line no-control-regex -- control characters are what this module finds
const UNSAFE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
/** The same, less the newline: for messages whose lines are ours (a newline there is layout). */
// eslint-disable-next-line no-control-regex -- control characters are what this module finds
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text` on one line, every control character shown as an escape. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** `text` with its newlines kept and every other control character shown as an escape. */
export function printableLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, escapeOne);
}
