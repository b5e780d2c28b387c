// Headless Chromium driven through the DevTools protocol over --remote-debugging-pipe (fd 3 takes
// commands, fd 4 gives replies and events, each a JSON message ended by a NUL byte): no puppeteer,
// no WebSocket client, no browser download. Used by the report's screenshot test.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The Chromium binary: $CHROMIUM, else the Debian package's path and the usual others. */
export function findChromium(): string | undefined {
  return [process.env["CHROMIUM"], ...CANDIDATES].find((p): p is string => !!p && existsSync(p));
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: Message) => void>();
  private buffer = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly input: Writable,
    output: Readable,
    private readonly profile: string,
  ) {
    output.setEncoding("utf8");
    output.on("data", (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf("\0"); end >= 0; end = this.buffer.indexOf("\0")) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        this.dispatch(message);
      }
    });
    child.on("exit", () => {
      for (const p of this.pending.values()) p.reject(new Error("chromium exited"));
      this.pending.clear();
    });
  }

  static launch(binary: string): Browser {
    const profile = mkdtempSync(join(tmpdir(), "dpnet-chromium-"));
    const child = spawn(
      binary,
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
        "--mute-audio",
        `--user-data-dir=${profile}`,
        "--remote-debugging-pipe",
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
    );
    return new Browser(child, child.stdio[3] as Writable, child.stdio[4] as Readable, profile);
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) p?.reject(new Error(message.error.message));
      else p?.resolve(message.result ?? {});
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const result = new Promise<Record<string, unknown>>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return result;
  }

  /** Calls `fn` with every event until the returned function is called. */
  on(fn: (m: Message) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The next event of `method` (in a session), or a timeout error. */
  once(method: string, sessionId: string, timeoutMs: number): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on((m) => {
        if (m.method === method && m.sessionId === sessionId) {
          clearTimeout(timer);
          off();
          resolve(m);
        }
      });
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    await this.send("Browser.close").catch(() => undefined);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export interface PageRun {
  /** Console errors, uncaught exceptions and error log entries (failed loads among them). */
  errors: string[];
  /** URLs requested besides the page itself: a self-contained page has none. */
  requests: string[];
  /** Values of the expressions evaluated in the loaded page, by name. */
  values: Record<string, unknown>;
  /** The full page as PNG. */
  screenshot: Buffer;
}

/** Opens `url`, collects errors and requests, evaluates `expressions`, takes a full-page screenshot. */
export async function inspectPage(browser: Browser, url: string, expressions: Record<string, string>, width: number): Promise<PageRun> {
  const { targetId } = await browser.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = (await browser.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
  const errors: string[] = [];
  const requests: string[] = [];
  const off = browser.on((m) => {
    if (m.sessionId !== sessionId) return;
    const p = m.params ?? {};
    if (m.method === "Runtime.consoleAPICalled" && p["type"] === "error") errors.push(`console: ${JSON.stringify(p["args"])}`);
    if (m.method === "Runtime.exceptionThrown") errors.push(`exception: ${JSON.stringify(p["exceptionDetails"])}`);
    if (m.method === "Log.entryAdded" && (p["entry"] as { level?: string }).level === "error") errors.push(`log: ${JSON.stringify(p["entry"])}`);
    if (m.method === "Network.requestWillBeSent") {
      const requested = (p["request"] as { url: string }).url;
      if (requested !== url) requests.push(requested);
    }
  });
  for (const domain of ["Page", "Runtime", "Log", "Network"]) await browser.send(`${domain}.enable`, {}, sessionId);
  await browser.send("Emulation.setDeviceMetricsOverride", { width, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
  const loaded = browser.once("Page.loadEventFired", sessionId, 30_000);
  await browser.send("Page.navigate", { url }, sessionId);
  await loaded;
  const values: Record<string, unknown> = {};
  for (const [name, expression] of Object.entries(expressions)) {
    const r = (await browser.send("Runtime.evaluate", { expression, returnByValue: true }, sessionId)) as {
      result: { value?: unknown };
      exceptionDetails?: unknown;
    };
    if (r.exceptionDetails) throw new Error(`${name}: ${JSON.stringify(r.exceptionDetails)}`);
    values[name] = r.result.value;
  }
  // The whole page: the viewport made as tall as the content.
  const metrics = (await browser.send("Page.getLayoutMetrics", {}, sessionId)) as { cssContentSize: { height: number } };
  await browser.send(
    "Emulation.setDeviceMetricsOverride",
    { width, height: Math.ceil(metrics.cssContentSize.height), deviceScaleFactor: 1, mobile: false },
    sessionId,
  );
  const shot = (await browser.send("Page.captureScreenshot", { format: "png" }, sessionId)) as { data: string };
  off();
  await browser.send("Target.closeTarget", { targetId });
  return { errors, requests, values, screenshot: Buffer.from(shot.data, "base64") };
}

/** The page at `url` printed as Chromium prints it (print CSS, A4 unless the page's @page says otherwise): the PDF. */
export async function printPage(browser: Browser, url: string): Promise<Buffer> {
  const { targetId } = await browser.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = (await browser.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
  await browser.send("Page.enable", {}, sessionId);
  const loaded = browser.once("Page.loadEventFired", sessionId, 30_000);
  await browser.send("Page.navigate", { url }, sessionId);
  await loaded;
  const pdf = (await browser.send("Page.printToPDF", { preferCSSPageSize: true, printBackground: true }, sessionId)) as { data: string };
  await browser.send("Target.closeTarget", { targetId });
  return Buffer.from(pdf.data, "base64");
}
