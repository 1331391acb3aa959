// Child processes the plan starts (the policy pack) never outlive it. Three layers:
//   - every exit path of this process (normal end, thrown error, process.exit) kills them;
//   - SIGINT/SIGTERM/SIGHUP kill them, then the signal takes its default course (exit 130/143/129);
//   - a preloaded watch (parentWatch.cjs) ends the child when its stdin — a pipe from this process —
//     closes, which also covers this process being killed outright (SIGKILL, OOM).
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import * as path from "node:path";

const live = new Set<ChildProcess>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function killAll(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
}

function onExit(): void {
  killAll();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  uninstall();
  // Nothing else listens now: re-raising gives the default behaviour (and exit status) of the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (live.size !== 1) return;
  process.on("exit", onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off("exit", onExit);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** The preload that ends a Node.js child when this process goes away. */
export const PARENT_WATCH = path.join(__dirname, "parentWatch.cjs");

/**
 * Spawns a Node.js script as a child that is ended with this process, whatever way it ends.
 * stdio[0] is the pipe the child watches; stdout and stderr are as given.
 */
export function spawnOwnedNode(script: string, args: readonly string[], opts: Omit<SpawnOptions, "stdio"> & { stdio?: ["pipe", "pipe" | "ignore" | "inherit", "pipe" | "ignore" | "inherit"] } = {}): ChildProcess {
  const child = spawn(process.execPath, ["--require", PARENT_WATCH, script, ...args], { ...opts, stdio: opts.stdio ?? ["pipe", "pipe", "pipe"] });
  live.add(child);
  install();
  child.once("exit", () => {
    live.delete(child);
    if (live.size === 0) uninstall();
  });
  return child;
}

/** How many owned children are running (tests). */
export function ownedChildren(): number {
  return live.size;
}
