// Reading an input file: only a regular file is read (a FIFO or a device named *.tf would block
// or never end), and a file that cannot be read is bad input naming it.
import { closeSync, fstatSync, openSync, readFileSync, constants } from "node:fs";
import { inputError } from "../spec/errors.js";

const REASONS: Record<string, string> = { ENOENT: "does not exist", EISDIR: "is a folder, not a file", EACCES: "cannot be read: permission denied" };

/** The UTF-8 text of a regular file; an InputError for anything else. */
export function readRegularFile(path: string, label = ""): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw inputError(label, path, REASONS[code] ?? `cannot be read (${code})`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw inputError(label, path, REASONS["EISDIR"]!);
    if (!st.isFile()) throw inputError(label, path, "is not a regular file (a pipe, socket or device): dpnet reads only files");
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}
