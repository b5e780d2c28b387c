// Preloaded into a benchmarked process (NODE_OPTIONS=--require): prints its peak RSS at exit.
process.on("exit", () => process.stderr.write(`\ndpnet-bench-peak-rss-kb ${process.resourceUsage().maxRSS}\n`));
