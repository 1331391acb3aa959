// The archive front's generated nginx.conf in a real nginx (Debian nginx-light) on 127.0.0.1, for the
// tests that need it (archive fallback, beetmover's write path). Callers skip when NGINX is undefined.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { archiveNginxConfig, type ArchiveFrontConfig } from "../components/services/archive/nginxConfig";
import { findExecutable, freePort } from "./servers";

export const NGINX = findExecutable(["nginx"]);

/** One nginx master started from a generated config, stopped by its PID. */
export class NginxFront {
  private child?: ChildProcess;
  port = 0;
  dir = "";

  constructor(private readonly config: Omit<ArchiveFrontConfig, "listen" | "hiddenListen" | "pidFile" | "tempDir" | "accessLog" | "errorLog">) {}

  async start(): Promise<this> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "archive-nginx-"));
    fs.chmodSync(this.dir, 0o755);
    this.port = await freePort();
    const conf = archiveNginxConfig({
      ...this.config,
      listen: `127.0.0.1:${this.port}`,
      hiddenListen: `127.0.0.1:${await freePort()}`,
      pidFile: path.join(this.dir, "nginx.pid"),
      tempDir: this.dir,
      accessLog: path.join(this.dir, "access.log"),
      errorLog: path.join(this.dir, "error.log"),
    });
    fs.writeFileSync(path.join(this.dir, "nginx.conf"), conf);
    const args = ["-p", this.dir, "-c", path.join(this.dir, "nginx.conf"), "-e", path.join(this.dir, "error.log"), "-g", "daemon off;"];
    this.child = spawn(NGINX!, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    this.child.stderr!.on("data", (d) => (stderr += d));
    for (let i = 0; i < 100; i++) {
      if (this.child.exitCode !== null) throw new Error(`nginx exited ${this.child.exitCode}: ${stderr}${this.errorLog()}`);
      try {
        if ((await request(this, "GET", "/__lbheartbeat__")).status === 200) return this;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nginx did not answer on ${this.port}: ${stderr}${this.errorLog()}`);
  }
  errorLog(): string {
    const f = path.join(this.dir, "error.log");
    return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "";
  }
  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(child.pid, "SIGQUIT"); // graceful shutdown of the master we started, by PID
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(child.pid, "SIGKILL");
    }
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP request: the path goes out exactly as written (no URL normalization, no redirects). */
export function request(front: NginxFront, method: string, rawPath: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: front.port, method, path: rawPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

