import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { Config } from "../../core/config/config";

export const REPO_ROOT = join(__dirname, "..", "..");

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A process the test owns: its output kept line by line, its exit awaitable. Tests kill what
 * they spawn in afterAll with `kill()`, which only ever signals this one pid.
 */
export class Child {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<ChildExit>;
  private exit: ChildExit | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    collectLines(child.stdout, this.stdout, () => this.notify());
    collectLines(child.stderr, this.stderr, () => this.notify());
    // A spawn failure (no such binary) shows in the output instead of crashing the test process.
    child.once("error", (error) => {
      this.stderr.push(`spawn failed: ${error.message}`);
      this.notify();
    });
    // Should the test process end without its afterAll (a hook timeout), the child still goes.
    const reap = () => child.kill("SIGKILL");
    process.once("exit", reap);
    this.exited = new Promise((resolve) => {
      // 'close' rather than 'exit': it comes after the output streams are drained.
      child.once("close", (code, signal) => {
        process.off("exit", reap);
        this.exit = { code, signal };
        this.notify();
        resolve(this.exit);
      });
    });
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** Resolves with the first stdout line matching `pattern`; fails if the child exits or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.name}: no line matching ${pattern} within ${timeoutMs} ms${this.tail()}`)), timeoutMs);
      const check = () => {
        for (const line of this.stdout) {
          const match = pattern.exec(line);
          if (match) return finish(match);
        }
        if (this.exit) finish(new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before printing ${pattern}${this.tail()}`));
      };
      const finish = (result: RegExpExecArray | Error) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for the exit; fails (leaving the child to `kill()`) if it takes longer than `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ChildExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} still running after ${timeoutMs} ms${this.tail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGKILL if still running, then wait for the exit. Safe to call twice. */
  async kill(): Promise<ChildExit> {
    this.signal("SIGKILL");
    return this.exited;
  }

  /** The last lines of output, for failure messages. */
  tail(lines = 15): string {
    const output = [...this.stderr.slice(-lines), ...this.stdout.slice(-lines)];
    return output.length > 0 ? `\n--- ${this.name} output ---\n${output.join("\n")}` : "";
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function collectLines(stream: NodeJS.ReadableStream | null, lines: string[], onLine: () => void): void {
  if (!stream) return;
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    if (parts.length > 0) onLine();
  });
  stream.on("end", () => {
    if (partial) lines.push(partial);
    partial = "";
    onLine();
  });
}

export function spawnChild(command: string, args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  return new Child(`${command.split("/").pop()} ${args.join(" ")}`.trim(), child);
}

/**
 * Runs a script of tests/harness/processes as TypeScript (swc keeps decorator metadata) and
 * waits for its `READY ...` line, which is returned with the child.
 */
export async function spawnTsChild(script: string, env: Record<string, string>, readyTimeoutMs = 40_000): Promise<{ child: Child; ready: RegExpExecArray }> {
  const child = spawnChild(process.execPath, ["-r", "@swc-node/register", join(__dirname, "processes", script)], env);
  try {
    return { child, ready: await child.waitForLine(/^READY\b\s*(.*)$/, readyTimeoutMs) };
  } catch (error) {
    await child.kill();
    throw error;
  }
}

/** Runs a command to its end (killing it after `timeoutMs`) and returns its exit and output. */
export async function runToExit(command: string, args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<ChildExit & { stdout: string; stderr: string }> {
  const child = spawnChild(command, args, env);
  try {
    const exit = await child.waitForExit(timeoutMs);
    return { ...exit, stdout: child.stdout.join("\n"), stderr: child.stderr.join("\n") };
  } finally {
    await child.kill();
  }
}

/**
 * The environment a child process needs to run with `config` (same database, Redis, key prefix,
 * file store...): every setting written back as the variable it was read from.
 */
export function platformEnv(config: Config, overrides: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(config) as [string, unknown][]) {
    if (value !== undefined) env[name] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return { ...env, HOST: "127.0.0.1", PORT: "0", ...overrides };
}
