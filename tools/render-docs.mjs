// Renders the examples' diagrams and reports into docs/ through `dpnet synth` itself (so docs/
// shows exactly what users get), and a screenshot of one report for the README (headless
// Chromium; skipped, saying so, without it). Run after `npm run build`: `npm run docs`.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = new URL("../", import.meta.url).pathname;
const docs = join(root, "docs");
const EXAMPLES = ["aws-internet", "aws-privatelink", "aws-existing-vpc", "azure-managed", "azure-customer-managed"];
// At the widths people read it: a 1280 px browser window and an 800 px design document.
const SCREENSHOTS = [
  { example: "aws-internet", file: "report-1280.png", width: 1280, height: 1100 },
  // At 800 px the report shows the compact layout: tall enough for the summary and the whole diagram.
  { example: "aws-internet", file: "report-800.png", width: 800, height: 2060 },
];

mkdirSync(docs, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "dpnet-docs-"));
try {
  for (const example of EXAMPLES) {
    const out = join(work, example);
    const r = spawnSync(process.execPath, [join(root, "bin/dpnet.js"), "synth", join(root, "examples", `${example}.yaml`), "-o", out], { encoding: "utf8" });
    // Exit 1 (error findings) still writes nothing: the docs must show a clean example.
    if (r.status !== 0) throw new Error(`dpnet synth ${example} exited ${r.status}: ${r.stderr || r.stdout}`);
    copyFileSync(join(out, "network.svg"), join(docs, `${example}.svg`));
    copyFileSync(join(out, "report.html"), join(docs, `${example}.report.html`));
    console.log(`docs/${example}.svg, docs/${example}.report.html`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const chromium = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => p && existsSync(p));
if (!chromium) {
  console.log("chromium not found: docs/report-*.png not updated");
} else {
  for (const shot of SCREENSHOTS) {
    const profile = mkdtempSync(join(tmpdir(), "dpnet-docs-chromium-"));
    const page = pathToFileURL(join(docs, `${shot.example}.report.html`)).href;
    const r = spawnSync(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--hide-scrollbars",
        `--user-data-dir=${profile}`,
        `--window-size=${shot.width},${shot.height}`,
        `--screenshot=${join(docs, shot.file)}`,
        page,
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    rmSync(profile, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
    console.log(`docs/${shot.file}`);
  }
}
