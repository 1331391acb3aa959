// Child processes never outlive the CLI or the plan (issue #18): the parent is really signalled,
// killed outright, or ends with an error, and its child (standing in for the policy pack) must go.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const PARENT = path.join(__dirname, "..", "fixtures", "ownedChildParent.cjs");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs = 10_000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** Starts the fixture parent; resolves with its child's PID once printed, and the parent's exit. */
function startParent(how: string) {
  const parent = spawn(process.execPath, [PARENT, how], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  parent.stderr.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => parent.on("exit", (code, signal) => resolve({ code, signal })));
  const childPid = new Promise<number>((resolve, reject) => {
    let out = "";
    parent.stdout.on("data", (d) => {
      out += String(d);
      const m = /^(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    parent.on("exit", () => reject(new Error(`parent ended before starting its child: ${stderr}`)));
  });
  return { parent, childPid, exited, stderr: () => stderr };
}

describe("owned child processes (the policy pack) end with their parent", () => {
  it("on SIGINT, SIGTERM, SIGKILL, an uncaught error and process.exit", async () => {
    const cases = [
      { how: "wait", signal: "SIGINT" as const, expect: { signal: "SIGINT" } },
      { how: "wait", signal: "SIGTERM" as const, expect: { signal: "SIGTERM" } },
      { how: "wait", signal: "SIGKILL" as const, expect: { signal: "SIGKILL" } },
      { how: "throw", signal: "SIGUSR2" as const, expect: { code: 1 } },
      { how: "exit", signal: "SIGUSR2" as const, expect: { code: 1 } },
    ];
    const runs = cases.map((c) => ({ c, run: startParent(c.how) }));
    // All at once: an orphan is reaped by PID 1, which here takes up to two seconds each.
    await Promise.all(
      runs.map(async ({ c, run }) => {
        const pid = await run.childPid;
        expect(alive(pid), `${c.how} ${c.signal ?? ""}: child running`).toBe(true);
        run.parent.kill(c.signal);
        const exit = await run.exited;
        expect(exit, `${c.how} ${c.signal ?? ""}`).toMatchObject(c.expect);
        expect(await gone(pid), `${c.how} ${c.signal ?? ""}: child ${pid} still running after its parent ended`).toBe(true);
      }),
    );
  });
});
