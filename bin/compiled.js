// The precompiled JavaScript that `npx releng-envs` (bin/releng-envs.js) and `npm run plan`
// (bin/plan.js) run, instead of TypeScript through a loader: every start would otherwise pay for a
// TypeScript loader (tsx: about 1.2 s of CPU for the plan, docs/benchmarks.md), and a loader cannot
// keep the CLI's lazy `await import()`s lazy (tsx's CommonJS hook leaves them to Node's ESM loader,
// which cannot read .ts). The sources are transpiled with esbuild, one file at a time (the same
// per-file transform tsx applies; types are checked by `npm test`), into
// node_modules/.cache/releng-envs/<key>/, where <key> hashes the path, size and modification time of
// every source file: an edit, a checkout or a pull makes a new key, so what runs is always the
// working tree. A clean checkout compiles on its first run (well under a second).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
/**
 * Top-level directories holding the CLI and everything it imports, and the policy pack (which the
 * plan starts precompiled: bin/policy-pack.js). Never tests.
 */
const SOURCE_DIRS = ["catalog", "cli", "components", "domain", "program", "stacks", "tools", "policies"];

function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules") walk(p);
      }
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") && !e.name.endsWith(".test.ts")) files.push(p);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(ROOT, d));
  return files.sort();
}

/**
 * cyrb53, a 53-bit string hash: enough to tell source trees apart, and loading node:crypto for it
 * would cost 10–20 ms of every start (docs/benchmarks.md).
 */
function hash53(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

function cacheKey(files) {
  // This file's own version too: a change in how the tree is compiled makes a new tree.
  let text = `${ROOT}\0${process.version}\0${require("esbuild/package.json").version}\0${fs.statSync(__filename).mtimeMs}\0`;
  for (const f of files) {
    const st = fs.statSync(f);
    text += `${path.relative(ROOT, f)}\0${st.size}\0${st.mtimeMs}\0`;
  }
  return hash53(text);
}

/** Transpile every source into `dir` (built beside it, then renamed: concurrent starts never see half a tree). */
function compile(files, dir) {
  const esbuild = require("esbuild");
  const tmp = `${dir}.tmp-${process.pid}`;
  for (const f of files) {
    const rel = path.relative(ROOT, f);
    const { code } = esbuild.transformSync(fs.readFileSync(f, "utf8"), {
      loader: "ts",
      format: "cjs",
      target: "node20",
      sourcefile: f,
      sourcemap: "inline",
      // `await import("./x")` becomes a require: lazy, and resolved inside the compiled tree.
      supported: { "dynamic-import": false },
      // Modules find their data files (seed script, upstream contract data) and the project root
      // through __dirname: keep it pointing at the source directory.
      define: { __dirname: JSON.stringify(path.dirname(f)), __filename: JSON.stringify(f) },
    });
    const out = path.join(tmp, rel.replace(/\.ts$/, ".js"));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
  }
  try {
    fs.renameSync(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw e;
  }
}

/** The compiled JavaScript of `source` (a path from the project root, e.g. "cli/main.ts"), compiling the tree first when the sources changed. */
let treeDir;
function compiledFile(source) {
  treeDir ??= compiledTree();
  return path.join(treeDir, source.replace(/\.ts$/, ".js"));
}

/** The directory of the compiled tree of the working tree's sources (looked up once per process). */
function compiledTree() {
  const files = sourceFiles();
  const base = path.join(ROOT, "node_modules", ".cache", "releng-envs");
  const dir = path.join(base, cacheKey(files));
  if (!fs.existsSync(dir)) {
    // Keep only the newest few trees.
    for (const old of fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => fs.statSync(path.join(base, b)).mtimeMs - fs.statSync(path.join(base, a)).mtimeMs).slice(3) : []) {
      fs.rmSync(path.join(base, old), { recursive: true, force: true });
    }
    fs.mkdirSync(base, { recursive: true });
    compile(files, dir);
  }
  return dir;
}

module.exports = { compiledFile };
