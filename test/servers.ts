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

/** Debian's PostgreSQL server binaries (initdb, pg_ctl live in /usr/lib/postgresql/<major>/bin). */
export function postgresBin(name: string): string | undefined {
  const base = "/usr/lib/postgresql";
  const majors = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const m of majors) if (fs.existsSync(path.join(base, m, "bin", name))) return path.join(base, m, "bin", name);
  return findExecutable([name]);
}

export function missingPostgres(): string[] {
  return [!postgresBin("initdb") && "initdb (apt-get install postgresql)", !postgresBin("pg_ctl") && "pg_ctl (postgresql)", !findExecutable(["psql"]) && "psql (postgresql-client)"].filter((m): m is string => !!m);
}

export interface Postgres {
  port: number;
  /** Runs SQL as the superuser over TCP with its password; returns unaligned tab-separated rows. */
  sql(query: string, db?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A private PostgreSQL on 127.0.0.1 (own data dir and socket dir in `dir`), password auth over TCP
 * for `superuser`. The server refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPostgres(dir: string, superuser: string, password: string): Promise<Postgres> {
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const run = promisify(execFile);
  const asRoot = process.getuid?.() === 0;
  const pgDir = path.join(dir, "pg");
  fs.mkdirSync(pgDir, { recursive: true });
  const pwfile = path.join(pgDir, "pwfile");
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    const { uid, gid } = fs.statSync("/var/lib/postgresql");
    for (const p of [pgDir, pwfile]) fs.chownSync(p, uid, gid);
  }
  const as = (cmd: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", cmd, ...args], { timeout: 120_000 }) : run(cmd, args, { timeout: 120_000 }));
  const port = await freePort();
  const data = path.join(pgDir, "data");
  await as(postgresBin("initdb")!, ["-D", data, "-U", superuser, "--pwfile", pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"]);
  await as(postgresBin("pg_ctl")!, ["-D", data, "-l", path.join(pgDir, "log"), "-w", "-t", "60", "-o", `-p ${port} -k ${pgDir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  const pid = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  const psql = findExecutable(["psql"])!;
  return {
    port,
    async sql(query, db = "postgres") {
      const { stdout } = await run(psql, ["-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", superuser, "-d", db, "-c", query], { env: { ...process.env, PGPASSWORD: password }, maxBuffer: 64 * 1024 * 1024 });
      return stdout.trim();
    },
    async stop() {
      // Stopped by the PID the server wrote, not by name.
      try {
        process.kill(pid, "SIGINT"); // fast shutdown
      } catch {
        return;
      }
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      process.kill(pid, "SIGKILL");
    },
  };
}
