import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RESULTS, benchApi, markdown } from "./api";

/**
 * `npm run bench`: the API scenarios, then the other benchmarks that exist (import with 100,000
 * rows, queue, the sales forecast over 100,000 opportunities), each as its own process so one's
 * memory and event loop cannot skew another's.
 * Writes bench/results/latest.json and latest.md.
 */
async function main(): Promise<void> {
  const api = await benchApi({ contacts: 20_000, duration: 10, connections: 10, reseed: false });
  const others: { name: string; command: string; exitCode: number | null; output: string }[] = [];
  for (const [name, script, args] of [
    ["import", "import.js", ["--rows", "100000"]],
    ["queue", "queue.js", []],
    ["forecast", "forecast.js", []],
  ] as const) {
    const path = join(__dirname, script);
    if (!existsSync(path)) continue;
    process.stdout.write(`\n== bench ${name} ==\n`);
    const child = spawnSync(process.execPath, [path, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(child.stdout);
    others.push({ name, command: `node dist/bench/${script} ${args.join(" ")}`.trim(), exitCode: child.status, output: child.stdout });
  }
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, "latest.json"), `${JSON.stringify({ date: new Date().toISOString(), api, others }, null, 2)}\n`);
  const sections = [
    "# Benchmarks (`npm run bench`)",
    "",
    "## API",
    "",
    markdown(api),
    ...others.flatMap((other) => [`## ${other.name} (\`${other.command}\`, exit ${other.exitCode})`, "", "```", other.output.trim(), "```", ""]),
  ];
  await writeFile(join(RESULTS, "latest.md"), `${sections.join("\n")}\n`);
  process.stdout.write(`\n${markdown(api)}\nWrote ${join(RESULTS, "latest.md")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
