// The tree is formatted and lint-clean as CI checks it (npm run lint), so a change that is not
// fails here, in npm test, before it can stop CI; `npm run format` fixes most of it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIOME = `${ROOT}node_modules/.bin/biome`;

test("lint: biome ci passes on the whole tree (npm run format fixes formatting)", { skip: !existsSync(BIOME) && "biome is not installed (npm ci)" }, () => {
  const r = spawnSync(BIOME, ["ci", "--colors=off", "."], { cwd: ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
});
