// A node:test reporter that adds what the dot reporter leaves out: the name (and reason) of every
// skipped test, then the run's counts as the spec reporter prints them and one plain closing line.
export default async function* summary(source) {
  const skipped = [];
  const counts = [];
  for await (const event of source) {
    if (event.type === "test:pass" || event.type === "test:fail") {
      const { skip, todo } = event.data;
      if (skip !== undefined && skip !== false)
        skipped.push(`${event.data.name}${typeof skip === "string" ? ` (${skip})` : ""}  ${event.data.file ?? ""}`.trimEnd());
      else if (todo !== undefined && todo !== false) skipped.push(`${event.data.name} (todo)`);
    } else if (event.type === "test:diagnostic" && event.data.nesting === 0) {
      counts.push(event.data.message);
    }
  }
  let out = "\n";
  if (skipped.length > 0) out += `skipped:\n${skipped.map((s) => `  - ${s}\n`).join("")}`;
  const count = (label) => Number(counts.find((m) => m.startsWith(`${label} `))?.slice(label.length + 1) ?? 0);
  out += counts.map((m) => `ℹ ${m}\n`).join("");
  out += `${count("pass")} passed, ${count("fail") + count("cancelled")} failed, ${count("skipped") + count("todo")} skipped\n`;
  yield out;
}
