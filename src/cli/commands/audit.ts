import { existsSync, readFileSync } from "node:fs";
import { printable } from "../../io/text.js";
import { Option, type Command } from "commander";
import { EXIT, Exit, out } from "../io.js";

interface AuditFlags {
  aws?: string;
  azure?: string;
  awsLive?: boolean;
  azureLive?: boolean;
  vpc?: string;
  vnet?: string;
  region?: string;
  subscription?: string;
  resourceGroup?: string;
  firewallIp?: string;
  intents?: string;
  json?: boolean;
  format: string;
}

const FORMATS = ["text", "json", "sarif"];

/** Options that only mean something with some sources: elsewhere they would be silently ignored. */
const ONLY_WITH: [keyof AuditFlags, string, (f: AuditFlags) => boolean][] = [
  ["vpc", "--aws or --aws-live", (f) => f.aws !== undefined || f.awsLive === true],
  ["region", "--aws-live", (f) => f.awsLive === true],
  ["vnet", "--azure or --azure-live", (f) => f.azure !== undefined || f.azureLive === true],
  ["firewallIp", "--azure or --azure-live", (f) => f.azure !== undefined || f.azureLive === true],
  ["subscription", "--azure-live", (f) => f.azureLive === true],
  ["resourceGroup", "--azure-live", (f) => f.azureLive === true],
];

const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** A progress line on stderr while a live read runs: rewritten in place on a terminal. */
function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${printable(text)}`);
  else process.stderr.write(`${printable(text)}\n`);
}

function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
}

export function registerAudit(cli: Command): void {
  cli
    .command("audit")
    .description("judge an existing VPC or VNet against the data plane's requirements: what is missing or wrong, and what to change")
    .option("--aws <dir>", "folder of `aws … --output json` outputs (describe-*), any layout")
    .option("--azure <dir>", "folder of `az … -o json` outputs")
    .option("--aws-live", "read the AWS account with the SDK (read-only Describe* calls)")
    .option("--azure-live", "read the Azure subscription with the SDK (read-only list calls)")
    .option("--vpc <id>", "AWS: judge only this VPC")
    .option("--vnet <name|id>", "Azure: judge only this VNet")
    .option("--region <region>", "--aws-live: the region (default: the SDK's)")
    .option("--subscription <id>", "--azure-live: the subscription")
    .option("--resource-group <name>", "--azure-live: only this resource group")
    .option("--firewall-ip <ip>", "Azure: the firewall's private IP the default route must go to (default: inferred)")
    .option("--intents <file>", "intents file saying where the control plane is (default: inferred, on Azure from the firewall's DNAT rule)")
    .option("--json", "print JSON (same as --format json)")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .action(async (flags: AuditFlags) => {
      const { inputError } = await import("../../spec/errors.js");
      const sources = [flags.aws, flags.azure, flags.awsLive, flags.azureLive].filter((s) => s !== undefined);
      if (sources.length !== 1) throw inputError("audit", undefined, "needs exactly one of --aws <dir>, --azure <dir>, --aws-live, --azure-live");
      for (const [key, needs, applies] of ONLY_WITH) {
        if (flags[key] !== undefined && !applies(flags)) throw inputError(flagName(key), flags[key], `only applies with ${needs}`);
      }
      const format = flags.json ? "json" : flags.format;
      const { source, imported } = await load(flags);
      const { audit } = await import("../../analyze/audit/index.js");
      const intents = flags.intents === undefined ? undefined : await readIntents(flags.intents);
      const report = audit(imported, {
        ...(flags.vnet ? { network: flags.vnet } : {}),
        ...(flags.firewallIp ? { firewallIp: flags.firewallIp } : {}),
        ...(intents ? { intents } : {}),
      });
      if (format === "sarif") {
        const { toSarif } = await import("../../report/sarif.js");
        const local = flags.aws ?? flags.azure;
        out(JSON.stringify(toSarif(report.findings, { locate: (id) => imported.locations.get(id), ...(local ? { input: local } : {}) }), null, 2));
      } else if (format === "json") {
        out(JSON.stringify({ source, ...report }, null, 2));
      } else {
        const { formatAudit } = await import("../audit-text.js");
        out(formatAudit(source, report));
      }
      const { hasErrors } = await import("../../findings.js");
      if (hasErrors(report.findings)) throw new Exit(EXIT.findings);
    });
}

async function load(flags: AuditFlags) {
  const { inputError } = await import("../../spec/errors.js");
  if (flags.aws !== undefined) {
    const { importAwsDescribe } = await import("../../import/aws/describe.js");
    return { source: `${flags.aws} (AWS describe-* export)`, imported: await importAwsDescribe(flags.aws, flags.vpc ? { vpc: flags.vpc } : {}) };
  }
  if (flags.azure !== undefined) {
    const { importAzureResources } = await import("../../import/azure/resources.js");
    return { source: `${flags.azure} (Azure resource export)`, imported: await importAzureResources(flags.azure) };
  }
  try {
    if (flags.awsLive) {
      const { readAwsLive } = await import("../../import/live/aws.js");
      const imported = await readAwsLive({ progress, ...(flags.region ? { region: flags.region } : {}), ...(flags.vpc ? { vpc: flags.vpc } : {}) });
      return { source: `AWS account${flags.region ? ` in ${flags.region}` : ""} (live)`, imported };
    }
    if (!flags.subscription) throw inputError("--azure-live", undefined, "needs --subscription <id>");
    const { readAzureLive } = await import("../../import/live/azure.js");
    const imported = await readAzureLive({
      subscription: flags.subscription,
      progress,
      ...(flags.resourceGroup ? { resourceGroup: flags.resourceGroup } : {}),
    });
    return { source: `Azure subscription ${flags.subscription}${flags.resourceGroup ? `/${flags.resourceGroup}` : ""} (live)`, imported };
  } finally {
    endProgress();
  }
}

async function readIntents(path: string) {
  const { inputError } = await import("../../spec/errors.js");
  if (!existsSync(path)) throw inputError("--intents", path, "does not exist");
  const { parseIntents } = await import("../../analyze/space/intents.js");
  return parseIntents(readFileSync(path, "utf8"), path);
}
