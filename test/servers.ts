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

/** A private MariaDB on 127.0.0.1 (own datadir, socket and port in a temp dir), root with a password over TCP. */
export interface MariaDb {
  port: number;
  /** Client options file for root over TCP (mode 600 in the temp dir). */
  rootCnf: string;
  client: string;
  /** Runs SQL as root; returns tab-separated rows. */
  sql(query: string, db?: string): Promise<string>;
  stop(): Promise<void>;
}

export const MARIADB_TOOLS = {
  server: findExecutable(["mariadbd", "mysqld"]),
  installDb: findExecutable(["mariadb-install-db", "mysql_install_db"]),
  client: findExecutable(["mariadb", "mysql"]),
};

/** What is missing to run MariaDB tests (empty when they can run). */
export function missingMariaDb(): string[] {
  return [!MARIADB_TOOLS.server && "mariadbd (apt-get install mariadb-server)", !MARIADB_TOOLS.installDb && "mariadb-install-db (mariadb-server)", !MARIADB_TOOLS.client && "mariadb client"].filter((m): m is string => !!m);
}

export async function startMariaDb(dir: string, rootPassword: string): Promise<MariaDb> {
  const { execFile, spawn } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const run = promisify(execFile);
  const port = await freePort();
  const datadir = path.join(dir, "mariadb-data");
  const socket = path.join(dir, "mysqld.sock");
  const asUser = process.getuid?.() === 0 ? ["--user=root"] : [];
  await run(MARIADB_TOOLS.installDb!, ["--no-defaults", `--datadir=${datadir}`, "--auth-root-authentication-method=normal", "--skip-test-db", ...asUser], { timeout: 60_000 });
  const server = spawn(
    MARIADB_TOOLS.server!,
    ["--no-defaults", `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`, "--bind-address=127.0.0.1", `--pid-file=${path.join(dir, "mysqld.pid")}`, "--skip-name-resolve", "--innodb-buffer-pool-size=32M", "--skip-log-bin", ...asUser],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let serverLog = "";
  server.stderr!.on("data", (c) => (serverLog += c));
  const socketCnf = path.join(dir, "socket.cnf");
  fs.writeFileSync(socketCnf, `[client]\nuser=root\nsocket=${socket}\n`);
  for (let i = 0; ; i++) {
    try {
      await run(MARIADB_TOOLS.client!, [`--defaults-extra-file=${socketCnf}`, "-e", "SELECT 1"]);
      break;
    } catch {
      if (i > 150 || server.exitCode !== null) throw new Error(`mariadbd did not start:\n${serverLog}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await run(MARIADB_TOOLS.client!, [`--defaults-extra-file=${socketCnf}`, "-e", `CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY '${rootPassword}'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;`]);
  const rootCnf = path.join(dir, "root.cnf");
  fs.writeFileSync(rootCnf, `[client]\nhost=127.0.0.1\nport=${port}\nuser=root\npassword=${rootPassword}\nprotocol=tcp\n`, { mode: 0o600 });
  return {
    port,
    rootCnf,
    client: MARIADB_TOOLS.client!,
    async sql(query, db = "") {
      const { stdout } = await run(MARIADB_TOOLS.client!, [`--defaults-extra-file=${rootCnf}`, "--batch", "--skip-column-names", "--default-character-set=utf8mb4", ...(db ? [db] : []), "-e", query], { maxBuffer: 64 * 1024 * 1024 });
      return stdout.trim();
    },
    async stop() {
      if (server.pid && server.exitCode === null) {
        const exited = new Promise((r) => server.once("exit", r));
        process.kill(server.pid, "SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
        if (server.exitCode === null) process.kill(server.pid, "SIGKILL");
      }
    },
  };
}
