// Errors the operating system gives for the place dpnet reads or writes: each is bad input or a
// bad environment (exit 2), said in one line naming the path.
import { formatProblem } from "../spec/errors.js";
import { truncate } from "./text.js";

const REASONS: Record<string, string> = {
  ENOSPC: "cannot be written: the disk is full",
  EDQUOT: "cannot be written: the disk quota is used up",
  EROFS: "cannot be written: the file system is read-only",
  EACCES: "cannot be accessed: permission denied",
  EPERM: "cannot be changed: operation not permitted",
  ENOTDIR: "is under a path that is not a folder",
  EISDIR: "is a folder, not a file",
  ENOENT: "does not exist",
  ELOOP: "is a symbolic link loop",
  ENAMETOOLONG: "is too long a path",
  EMFILE: "cannot be opened: too many open files",
  ENFILE: "cannot be opened: too many open files",
  EBUSY: "is busy",
  EEXIST: "already exists",
  EXDEV: "is on another file system",
  EIO: "cannot be read or written: input/output error",
  ENOTEMPTY: "is a folder that is not empty",
};

/** The one-line message for an operating-system error, or undefined when `e` is not one. */
export function environmentProblem(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, path, dest } = e as NodeJS.ErrnoException & { dest?: string };
  if (typeof code !== "string" || !(code in REASONS)) return undefined;
  const where = path ?? dest;
  return formatProblem({ path: where === undefined ? "" : truncate(where, 200), rule: `${REASONS[code]} (${code})` });
}
