// Running SQL in an environment's database through its own client: `kubectl exec` into the database
// pod (the credentials stay in the pod; the holder's `edit` role allows exec in the namespace), or a
// local client against a reachable server (a `kubectl port-forward`, or the tests' own servers).
import { spawn } from "node:child_process";

export interface SqlClient {
  /** Where the SQL goes, for messages (never a password). */
  describe: string;
  /** Runs `sql` (fed on stdin); resolves to the client's stdout (tab-separated rows, no headers). */
  run(sql: string): Promise<string>;
}

/** The client failed: not installed, cannot connect, or the SQL was refused. */
class SqlClientError extends Error {
  constructor(
    readonly target: string,
    readonly detail: string,
  ) {
    super(`${target}: ${detail}`);
    this.name = "SqlClientError";
  }
}

export function isSqlClientError(e: unknown): e is SqlClientError {
  return e instanceof Error && e.name === "SqlClientError";
}

function commandClient(describe: string, command: string, args: readonly string[], env: Record<string, string> = {}): SqlClient {
  return {
    describe,
    run: (sql) =>
      new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env } });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (c: Buffer) => out.push(c));
        child.stderr.on("data", (c: Buffer) => err.push(c));
        child.on("error", (e: NodeJS.ErrnoException) => reject(new SqlClientError(describe, e.code === "ENOENT" ? `${command} is not installed or not on PATH` : e.message)));
        child.stdin.on("error", () => undefined); // the exit code and stderr tell what happened
        child.on("close", (code) => {
          if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
          else reject(new SqlClientError(describe, `${command} exited ${code}: ${Buffer.concat(err).toString("utf8").trim().split("\n").slice(-3).join(" | ") || "no message"}`));
        });
        child.stdin.end(sql);
      }),
  };
}

/** A database server given as a URL without a password (`mysql://user@host:port/db`). */
interface DatabaseUrl {
  scheme: "mysql" | "postgresql";
  host: string;
  port: number;
  user: string;
  database: string;
}

/** Parses `--database`; returns a problem text instead of throwing, and never repeats a password. */
export function parseDatabaseUrl(value: string, scheme: DatabaseUrl["scheme"], defaultPort: number): DatabaseUrl | string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return `is not a URL; expected ${scheme}://user@host:port/database`;
  }
  const given = u.protocol.replace(/:$/, "");
  if (given !== scheme && !(scheme === "postgresql" && given === "postgres")) return `has scheme '${given}'; expected ${scheme}://user@host:port/database`;
  if (u.password) return "holds a password; passwords go in --password-file, never on the command line";
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!u.hostname || !u.username || !database || database.includes("/")) return `must name a user, a host and a database: ${scheme}://user@host:port/database`;
  return { scheme, host: u.hostname.replace(/^\[|\]$/g, ""), port: u.port ? Number(u.port) : defaultPort, user: decodeURIComponent(u.username), database };
}

export function mysqlClient(db: DatabaseUrl, password: string | undefined, binary = "mariadb"): SqlClient {
  return commandClient(
    `mysql://${db.user}@${db.host}:${db.port}/${db.database}`,
    binary,
    ["--host", db.host, "--port", String(db.port), "--user", db.user, "--protocol=tcp", "--batch", "--skip-column-names", "--default-character-set=utf8mb4", db.database],
    // MYSQL_PWD keeps the password out of argv (visible in ps).
    password !== undefined ? { MYSQL_PWD: password } : {},
  );
}

export function psqlClient(db: DatabaseUrl, password: string | undefined, binary = "psql"): SqlClient {
  return commandClient(
    `postgresql://${db.user}@${db.host}:${db.port}/${db.database}`,
    binary,
    ["-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", db.host, "-p", String(db.port), "-U", db.user, "-d", db.database],
    password !== undefined ? { PGPASSWORD: password } : {},
  );
}

/** `kubectl exec -i` into a pod's container running `command` (a shell line evaluated in the pod). */
export function kubectlExecClient(namespace: string, pod: string, container: string, command: string, kubectl = "kubectl"): SqlClient {
  return commandClient(`pod ${namespace}/${pod} (${container})`, kubectl, ["--namespace", namespace, "exec", "-i", pod, "-c", container, "--", "sh", "-c", command]);
}
