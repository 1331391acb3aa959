// Helpers for tests that run a real server (nginx, MariaDB) on 127.0.0.1.
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

/** The first of `names` found in the sbin/bin directories or on PATH (Debian puts servers in /usr/sbin). */
export function findExecutable(names: string[]): string | undefined {
  for (const dir of ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", ...(process.env.PATH ?? "").split(":")]) {
    for (const n of names) if (dir && fs.existsSync(path.join(dir, n))) return path.join(dir, n);
  }
  return undefined;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}
