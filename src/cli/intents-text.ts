// `dpnet test` as text: each intent, held or not; a failing one's packet classes, each with its witness trace.
import type { IntentResult } from "../analyze/space/intents.js";
import { describeIntent } from "../analyze/space/intents.js";
import { few } from "../io/text.js";

export function intentsText(label: string, origin: string, assumed: readonly string[], results: readonly IntentResult[]): string[] {
  const held = results.filter((r) => r.holds).length;
  const lines = [`${label}: ${held} of ${results.length} intents hold (intents from ${origin})`, ...assumed.map((a) => `  assumed: ${a}`)];
  for (const r of results) {
    lines.push(`  ${r.holds ? "✓" : "✗"} ${describeIntent(r.intent)}`);
    if (r.unanswerable) lines.push(`      cannot be answered: ${r.unanswerable}`);
    for (const v of r.violations) {
      const service = v.ports ? `${v.protocol} ${v.ports}` : v.protocol;
      lines.push(`      ${service} from ${few(v.sources)} (${v.from}) to ${few(v.destinations)}`);
      lines.push(`        witness ${v.witness.flow}: ${v.witness.disposition}`);
      lines.push(...v.witness.hops.map((h, i) => `        ${String(i + 1).padStart(2)}. ${h.id} (${h.kind}): ${h.decision}`));
      if (v.witness.return)
        lines.push("        reply:", ...v.witness.return.map((h, i) => `        ${String(i + 1).padStart(2)}. ${h.id} (${h.kind}): ${h.decision}`));
    }
  }
  return lines;
}
