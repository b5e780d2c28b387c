// Writing the output folder. The folder is also a Terraform working directory, holding what dpnet
// does not own (.terraform/, state, the user's own files): dpnet touches only the files it lists
// in `.dpnet-manifest`, the record of what its last run wrote there.
//
// One run, under a lock beside the folder:
//   1. finish what a killed run left (its journal), and remove stale staging folders;
//   2. write every new file into a fresh, exclusively created staging folder (mkdtemp) beside -o;
//   3. write the journal: the staging folder, the files to move in and the files to remove;
//   4. move the files in, remove the obsolete ones, write the manifest, remove the journal.
// A failure before 3 leaves -o as it was; a kill after 3 is completed by the next run (or by
// recoverOutputDir), which gives the complete new set. A fresh folder is made whole in staging
// and renamed into place at once. Nothing is written through a symbolic link.
import {
  closeSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { GENERATED_MARK } from "../terraform/hcl.js";
import { InputError, inputError } from "../spec/errors.js";

export interface WriteResult {
  dir: string;
  written: string[];
  /** Files an earlier run generated that this run no longer produces, now removed. */
  removed: string[];
}

/** The mark as an XML/HTML comment: the first line of the diagram and the report. */
export const MARKUP_GENERATED_MARK = `<!-- ${GENERATED_MARK.slice(2)}`;

export const MANIFEST = ".dpnet-manifest";
export const JOURNAL = ".dpnet-journal";
const MANIFEST_HEADER = "# dpnet: the files its last synth wrote here; dpnet replaces or removes only these. Folders it made end in /.";

interface Manifest {
  files: string[];
  /** Folders dpnet made for its files (removed again once empty and no longer needed). */
  dirs: string[];
}

interface Journal {
  staging: string;
  manifest: Manifest;
  remove: string[];
}

/** Runs a write; an operating-system error that names no path (a write to a full disk) is given `path`, for the message. */
function naming(path: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (typeof error.code === "string" && error.path === undefined) error.path = path;
    throw e;
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** True when the file starts with dpnet's header (reads only the first bytes). */
function isGenerated(path: string): boolean {
  const mark = /\.(svg|html)$/.test(path) ? MARKUP_GENERATED_MARK : GENERATED_MARK;
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(mark.length);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.toString("utf8", 0, n) === mark;
  } finally {
    closeSync(fd);
  }
}

/** True for a relative path inside the folder: no absolute paths, `..` or empty segments. */
function isRelative(path: string): boolean {
  return !path.startsWith("/") && !path.split("/").some((p) => p === "" || p === "." || p === "..");
}

/** A relative path of the module (a bug in dpnet if not). */
function checkedRelative(path: string): string {
  if (!isRelative(path)) throw new Error(`not a relative output path: ${path}`);
  return path;
}

function parentsOf(path: string): string[] {
  const parts = path.split("/").slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

function readManifest(dir: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { files: [], dirs: [] };
    throw e;
  }
  const lines = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
  // A hand-edited manifest never lets dpnet reach outside the folder.
  const safe = lines.filter((l) => isRelative(l.replace(/\/$/, "")));
  return { files: safe.filter((l) => !l.endsWith("/")), dirs: safe.filter((l) => l.endsWith("/")).map((l) => l.slice(0, -1)) };
}

function manifestText(m: Manifest): string {
  return [MANIFEST_HEADER, ...m.files, ...m.dirs.map((d) => `${d}/`), ""].join("\n");
}

/** Writes a small file next to its final place and renames it there (never through a symlink: rename replaces the link itself). */
/**
 * Writes one of dpnet's own files in the folder (journal, manifest) by renaming it in whole. The
 * temporary file is made beside the folder, where the next run removes it if this one is killed:
 * the folder itself never holds half of anything.
 */
function writeReplacing(target: string, name: string, text: string): void {
  const temp = join(dirname(target), `${stagingPrefix(target)}${name}.${process.pid}.tmp`);
  writeFileSync(temp, text, { flag: "wx" });
  renameSync(temp, join(target, name));
}

/** Refuses a path dpnet must write when it, or a folder on the way, is a symlink or not a folder. */
function checkWritable(target: string, path: string, label: string): Stats | undefined {
  for (const parent of parentsOf(path)) {
    const st = lstatOrUndefined(join(target, parent));
    if (st === undefined) return undefined;
    if (st.isSymbolicLink()) throw inputError(label, join(label, parent), "is a symbolic link: dpnet never writes through one (replace it with a folder)");
    if (!st.isDirectory()) throw inputError(label, join(label, parent), "is a file where dpnet must make a folder: move it away");
  }
  const st = lstatOrUndefined(join(target, path));
  if (st?.isSymbolicLink()) throw inputError(label, join(label, path), "is a symbolic link: dpnet never writes through one (remove it)");
  if (st?.isDirectory()) throw inputError(label, join(label, path), "is a folder where dpnet must write a file: move it away");
  if (st && !st.isFile()) throw inputError(label, join(label, path), "is not a regular file (a pipe, socket or device): dpnet replaces only files");
  return st;
}

// --- the lock ---

function lockPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.dpnet-lock`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder's lock (a file created exclusively beside it); a lock whose process is gone is taken over. */
function lock(target: string, label: string): () => void {
  const path = lockPath(target);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw inputError(label, undefined, `is being written by another dpnet (pid ${pid}): run again when it has finished (or remove ${path} if no dpnet runs)`);
    }
    // The run that held it was killed: its journal (if any) is completed below.
    rmSync(path, { force: true });
  }
  throw inputError(label, undefined, `is being written by another dpnet: run again when it has finished`);
}

// --- recovery ---

/** Completes a journal a killed run left: the folder then holds that run's complete set. */
function completeJournal(target: string): void {
  let text: string;
  try {
    text = readFileSync(join(target, JOURNAL), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  const journal = parseJournal(text);
  if (!journal)
    throw inputError(
      join(target, JOURNAL),
      undefined,
      "is damaged (not a journal dpnet wrote): remove it, and check the folder's files, before running dpnet synth again",
    );
  applyJournal(target, journal);
}

/** A journal as dpnet wrote it, or undefined: its paths relative, its staging folder a name. */
function parseJournal(text: string): Journal | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const j = data as Partial<Journal> | null;
  const paths = (list: unknown) => Array.isArray(list) && list.every((p) => typeof p === "string" && isRelative(p));
  const ok =
    j !== null &&
    typeof j === "object" &&
    typeof j.staging === "string" &&
    typeof j.manifest === "object" &&
    j.manifest !== null &&
    paths(j.manifest.files) &&
    paths(j.manifest.dirs) &&
    paths(j.remove);
  return ok ? (j as Journal) : undefined;
}

function applyJournal(target: string, journal: Journal): void {
  // The staging folder must be a sibling made by dpnet; a tampered journal points nowhere else.
  const staging = join(dirname(target), basename(journal.staging));
  if (!basename(staging).startsWith(stagingPrefix(target)))
    throw inputError(
      join(target, JOURNAL),
      journal.staging,
      "names a staging folder that is not dpnet's: remove the journal, and check the folder's files, before running dpnet synth again",
    );
  for (const dir of journal.manifest.dirs) {
    if (lstatOrUndefined(join(target, dir)) === undefined) mkdirSync(join(target, dir));
  }
  for (const file of journal.manifest.files) {
    // Already moved when a killed run got this far; the staged copy is complete either way.
    if (lstatOrUndefined(join(staging, file)) !== undefined) renameSync(join(staging, file), join(target, file));
  }
  for (const file of journal.remove) {
    const st = lstatOrUndefined(join(target, file));
    if (st && !st.isDirectory()) rmSync(join(target, file));
  }
  for (const dir of [...new Set(journal.remove.flatMap(parentsOf))].sort().reverse()) {
    if (journal.manifest.dirs.includes(dir)) continue;
    try {
      rmdirSync(join(target, dir));
    } catch {
      // Not empty (the user's files are there) or already gone: it stays.
    }
  }
  writeReplacing(target, MANIFEST, manifestText(journal.manifest));
  rmSync(join(target, JOURNAL), { force: true });
  rmSync(staging, { recursive: true, force: true });
}

function stagingPrefix(target: string): string {
  return `.${basename(target)}.dpnet-staging-`;
}

/** Removes staging folders and temporary files killed runs left beside the folder (only dpnet's own: with its prefix, no symlinks). */
function removeStaleStaging(target: string): void {
  const parent = dirname(target);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith(stagingPrefix(target)))) {
    const st = lstatOrUndefined(join(parent, name));
    if (st?.isDirectory() || st?.isFile()) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/**
 * Finishes what a killed `dpnet synth` left in `dir`: its journal is completed (the folder then
 * holds that run's complete set) and stale staging folders are removed. Every write begins so.
 */
export function recoverOutputDir(dir: string): void {
  const target = resolve(dir);
  const unlock = lock(target, dir);
  try {
    recover(target);
  } finally {
    unlock();
  }
}

function recover(target: string): void {
  const st = lstatOrUndefined(target);
  if (st?.isDirectory()) completeJournal(target);
  removeStaleStaging(target);
}

// --- writing ---

export function writeOutputDir(dir: string, files: Map<string, string>, options: { force?: boolean } = {}): WriteResult {
  const target = resolve(dir);
  if (target === dirname(target)) throw inputError("-o", dir, "is the root folder: give a folder for the module");
  const top = lstatOrUndefined(target);
  if (top?.isSymbolicLink()) throw inputError("-o", dir, "is a symbolic link: dpnet never writes through one (give the real folder)");
  if (top && !top.isDirectory()) throw inputError("-o", dir, "is a file, not a folder");
  mkdirSync(dirname(target), { recursive: true });
  const paths = [...files.keys()].map(checkedRelative);
  const unlock = lock(target, dir);
  try {
    recover(target);
    const fresh = lstatOrUndefined(target) === undefined;
    const previous = fresh ? { files: [], dirs: [] } : readManifest(target);
    const owned = new Set(previous.files);
    if (!fresh) checkClashes(target, dir, paths, owned, options.force ?? false);

    const dirs = [...new Set(paths.flatMap(parentsOf))].sort();
    // Folders dpnet makes now, or made before and still uses: the only ones it may remove later.
    const madeDirs = fresh ? dirs : dirs.filter((d) => previous.dirs.includes(d) || lstatOrUndefined(join(target, d)) === undefined);
    const manifest: Manifest = { files: paths, dirs: madeDirs };
    const staging = mkdtempSync(join(dirname(target), stagingPrefix(target)));
    try {
      for (const d of dirs) mkdirSync(join(staging, d));
      for (const [path, text] of files) naming(join(dir, path), () => writeFileSync(join(staging, path), text, { flag: "wx" }));
      if (fresh) {
        writeFileSync(join(staging, MANIFEST), manifestText(manifest), { flag: "wx" });
        renameSync(staging, target);
        return { dir: target, written: paths, removed: [] };
      }
      const remove = previous.files.filter((f) => !files.has(f));
      const journal: Journal = { staging, manifest, remove };
      writeReplacing(target, JOURNAL, JSON.stringify(journal));
      applyJournal(target, journal);
      return { dir: target, written: paths, removed: remove };
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    unlock();
  }
}

/** Paths this run writes that hold something dpnet did not write: refused unless --force; symlinks always. */
function checkClashes(target: string, label: string, paths: string[], owned: Set<string>, force: boolean): void {
  const clashes: string[] = [];
  for (const path of paths) {
    const st = checkWritable(target, path, label);
    // Files with dpnet's header and no manifest come from dpnet before the manifest: its own too.
    if (st && !owned.has(path) && !(st.isFile() && isGenerated(join(target, path)))) clashes.push(path);
  }
  if (clashes.length && !force) {
    throw new InputError(
      clashes.map((f) => ({ path: join(label, f), rule: "was not generated by dpnet (no dpnet header): refusing to overwrite it (use --force)" })),
    );
  }
}

/**
 * Writes one generated file (e.g. `dpnet diagram -o network.svg`) through an exclusively created
 * sibling and a rename, refusing a symlink, and a file dpnet did not generate unless `force`.
 */
export function writeGeneratedFile(path: string, text: string, options: { force?: boolean } = {}): void {
  const st = lstatOrUndefined(path);
  if (st?.isSymbolicLink()) throw inputError("-o", path, "is a symbolic link: dpnet never writes through one (remove it)");
  if (st?.isDirectory()) throw inputError("-o", path, "is a folder, not a file");
  if (st && !st.isFile()) throw inputError("-o", path, "is not a regular file (a pipe, socket or device): dpnet replaces only files");
  if (st && !options.force && !isGenerated(path))
    throw inputError("-o", path, "was not generated by dpnet (no dpnet header): refusing to overwrite it (use --force)");
  const staging = mkdtempSync(join(dirname(resolve(path)), `.${basename(path)}.dpnet-staging-`));
  try {
    naming(path, () => writeFileSync(join(staging, "file"), text, { flag: "wx" }));
    renameSync(join(staging, "file"), path);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
