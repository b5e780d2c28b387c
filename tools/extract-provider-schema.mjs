#!/usr/bin/env node
// Hand-run: extracts the subset of the AWS and AzureRM provider schemas that dpnet emits
// (tools/provider-types.json) from the prebuilt CDK Terrain provider packages' .jsii manifests,
// and writes schema/provider-schema.json, which src/terraform/schema-check.ts checks modules
// against (no terraform binary is available to validate them).
//
//   node tools/extract-provider-schema.mjs             # npm pack the packages into a temp folder
//   node tools/extract-provider-schema.mjs --from DIR  # reuse DIR/<aws|azurerm>/package/.jsii
//   (or DPNET_PROVIDER_JSII_DIR=DIR)
//
// The packages are never installed into the project: they are 150 MB / 86 MB of manifest.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const wanted = JSON.parse(fs.readFileSync(path.join(root, "tools/provider-types.json"), "utf8"));
const outFile = path.join(root, "schema/provider-schema.json");

function argValue(flag) {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `{@link URL#fragment Text}` in a docs summary or remarks. */
const LINK = /\{@link (\S+?)(?:#(\S+))? ([^}]+)\}/;
const CLASS_LINK =
  /^Represents a \{@link (https:\/\/registry\.terraform\.io\/providers\/([^/]+\/[^/]+)\/([^/]+)\/docs(?:\/(resources|data-sources|ephemeral-resources)\/\S+)?) (\S+)\}\.$/;

const warnings = [];

/** Drops cdktn's IResolvable (a token is allowed anywhere) from a union, leaving the one real type. */
function real(ref) {
  const members = ref.union?.types.filter((t) => t.fqn !== "cdktn.IResolvable");
  return members?.length === 1 ? members[0] : ref;
}

/** A jsii type reference as a Terraform type; structs are handled by the caller. */
function typeName(ref, where) {
  ref = real(ref);
  if (ref.primitive) return { string: "string", number: "number", boolean: "bool", any: "any" }[ref.primitive] ?? unknown(ref, where);
  if (ref.collection) return `${ref.collection.kind === "array" ? "list" : "map"}(${typeName(ref.collection.elementtype, where)})`;
  if (ref.fqn) return "object";
  return unknown(ref, where);
}

function unknown(ref, where) {
  warnings.push(`${where}: type ${JSON.stringify(ref)} recorded as any`);
  return "any";
}

/** A config struct (resource body or nested block) as { attributes, blocks }, keys sorted. */
function struct(types, fqn, where) {
  const s = types[fqn];
  if (!s || s.kind !== "interface") throw new Error(`${where}: no struct ${fqn}`);
  const attributes = {};
  const blocks = {};
  // Only own properties: meta-arguments (count, for_each, ...) come from the inherited
  // cdktn.TerraformMetaArguments interface.
  for (const p of s.properties ?? []) {
    const link = (p.docs?.summary ?? "").match(LINK) ?? (p.docs?.remarks ?? "").match(LINK);
    const name = link?.[2];
    if (!name) throw new Error(`${where}.${p.name}: no registry link naming the attribute`);
    const at = `${where}.${name}`;
    const ref = real(p.type);
    const elem = ref.collection?.kind === "array" ? real(ref.collection.elementtype) : undefined;
    const required = p.optional ? {} : { required: true };
    if (ref.fqn?.startsWith("@cdktn/provider-")) {
      // cdktn makes a block with max_items = 1 a single struct, otherwise an array of structs.
      blocks[name] = { list: false, ...required, ...struct(types, ref.fqn, at) };
    } else if (elem?.fqn?.startsWith("@cdktn/provider-")) {
      blocks[name] = { list: true, ...required, ...struct(types, elem.fqn, at) };
    } else {
      const type = typeName(p.type, at);
      if (type.includes("object")) warnings.push(`${at}: ${type} (a map or nested collection of structs) checked only as ${type}`);
      attributes[name] = { type, ...required };
    }
  }
  return { attributes: sorted(attributes), blocks: sorted(blocks) };
}

const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Reads one provider's manifest and extracts the wanted resource and data-source types. */
function extract(provider, jsiiFile, out) {
  const jsii = JSON.parse(fs.readFileSync(jsiiFile, "utf8"));
  const classes = { resources: new Map(), "data-sources": new Map() };
  // The provider class links the docs root; resources and data sources link their pages.
  for (const t of Object.values(jsii.types)) {
    const m = t.kind === "class" && t.docs?.summary?.match(CLASS_LINK);
    if (!m) continue;
    const [, url, source, version, kind, tfType] = m;
    if (kind === "ephemeral-resources") continue;
    if (!kind) out.providers[provider] = { source, version, package: `${jsii.name}@${jsii.version}` };
    else classes[kind].set(tfType, { url, cls: t });
  }
  for (const [kind, key] of [
    ["resources", "resources"],
    ["data-sources", "dataSources"],
  ]) {
    for (const tfType of wanted[key].filter((t) => t.startsWith(`${provider}_`))) {
      const found = classes[kind].get(tfType);
      if (!found) throw new Error(`${kind} ${tfType} is not in ${jsii.name}@${jsii.version}`);
      const config = found.cls.initializer.parameters.find((p) => p.name === "config");
      out[key][tfType] = { docs: found.url, ...struct(jsii.types, config.type.fqn, tfType) };
    }
  }
}

/** npm packs each provider package into a temp folder and extracts only its .jsii. */
function download(tmp) {
  for (const [provider, { package: pkg, version }] of Object.entries(wanted.packages)) {
    console.error(`npm pack ${pkg}@${version} ...`);
    const tarball = execFileSync("npm", ["pack", `${pkg}@${version}`, "--silent", "--pack-destination", tmp], { encoding: "utf8" })
      .trim()
      .split("\n")
      .pop();
    const dir = path.join(tmp, provider);
    fs.mkdirSync(dir);
    execFileSync("tar", ["-xzf", path.join(tmp, tarball), "-C", dir, "package/.jsii"]);
    fs.rmSync(path.join(tmp, tarball));
  }
}

/** JSON with objects of scalars (attribute specs) kept on one line, so the file stays small but diffable. */
function format(value, indent = "") {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  if (entries.every(([, v]) => v === null || typeof v !== "object")) return JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "');
  const inner = indent + "  ";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(",\n")}\n${indent}}`;
}

const started = Date.now();
const from = argValue("--from") ?? process.env.DPNET_PROVIDER_JSII_DIR;
const tmp = from ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "dpnet-provider-schema-"));
try {
  const dir = from ?? tmp;
  if (tmp) download(tmp);
  const out = { providers: {}, resources: {}, dataSources: {} };
  for (const provider of Object.keys(wanted.packages)) {
    const jsiiFile = path.join(dir, provider, "package/.jsii");
    console.error(`reading ${jsiiFile} ...`);
    extract(provider, jsiiFile, out);
  }
  out.resources = sorted(out.resources);
  out.dataSources = sorted(out.dataSources);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, format(out) + "\n");
  for (const w of warnings) console.error(`warning: ${w}`);
  const size = fs.statSync(outFile).size;
  console.error(
    `wrote ${path.relative(root, outFile)}: ${Object.keys(out.resources).length} resources, ${Object.keys(out.dataSources).length} data sources, ${(size / 1024).toFixed(0)} KB, ${Object.entries(
      out.providers,
    )
      .map(([p, v]) => `${p} ${v.version}`)
      .join(", ")}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
