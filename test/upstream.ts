// Real upstream files at pinned commits (test/upstream.json), for tests that run them unchanged.
// Found in $<NAME>_SOURCE (what .ci/run downloads), else read from a local bare mirror of the
// repository (/work/.mirror/<owner>+<name>/repo); otherwise the caller skips with the reason.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import UPSTREAM from "./upstream.json";

export type UpstreamName = Exclude<keyof typeof UPSTREAM, "//">;

export function upstreamSource(name: UpstreamName): { dir: string } | { skip: string } {
  const { repository, commit, files } = UPSTREAM[name];
  const variable = `${name.toUpperCase()}_SOURCE`;
  const fromEnv = process.env[variable];
  if (fromEnv) {
    const missing = files.filter((f) => !fs.existsSync(path.join(fromEnv, f)));
    return missing.length === 0 ? { dir: fromEnv } : { skip: `$${variable} (${fromEnv}) lacks ${missing.join(", ")}` };
  }
  const mirror = `/work/.mirror/${repository.replace("/", "+")}/repo`;
  if (!fs.existsSync(mirror)) return { skip: `no ${repository} source: set $${variable} to a checkout at ${commit} (.ci/run downloads it)` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-src-`));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), execFileSync("git", ["--git-dir", mirror, "show", `${commit}:${f}`]));
  }
  return { dir };
}
