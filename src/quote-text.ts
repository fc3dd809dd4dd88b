// Shows a piece of a user's file inside an error message: in double quotes, at most 80
// characters, and with control characters escaped so that a binary file cannot garble the
// terminal. Shared by the Procfile and .env parsers.

const MAX_CHARS = 80;

export function quoteText(text: string): string {
  const pieces = Array.from(text, escapeControl);
  if (pieces.join('').length <= MAX_CHARS) return `"${pieces.join('')}"`;

  let shown = '';
  for (const piece of pieces) {
    if (shown.length + piece.length > MAX_CHARS - 1) break;
    shown += piece;
  }
  return `"${shown}…"`;
}

/** `text` with control characters escaped (`\t`, `\x1b`), so it stays on one line. */
export function escapeControlCharacters(text: string): string {
  return Array.from(text, escapeControl).join('');
}

function escapeControl(char: string): string {
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  const code = char.codePointAt(0) ?? 0;
  const isControl = code < 0x20 || (code >= 0x7f && code < 0xa0);
  return isControl ? `\\x${code.toString(16).padStart(2, '0')}` : char;
}
