/**
 * Bad input from outside (a config, a scenario, a trace, an option): one line that names
 * the file, line or key and what was expected. The CLI prints it and exits non-zero.
 */
export class InputError extends Error {
  override readonly name = "InputError";
}

/** "file:line: message", leaving out what is not known. */
export function located(file: string | undefined, line: number | undefined, message: string): string {
  const where = [file, line].filter((part) => part !== undefined && part !== "").join(":");
  return where ? `${where}: ${message}` : message;
}

/**
 * `text` as one printable line: control characters a file or an option carried into a message
 * (a CR of CRLF text, a NUL) written as JSON escapes, so a terminal shows what is there and the
 * message stays one line.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (character) => JSON.stringify(character).slice(1, -1));
}
