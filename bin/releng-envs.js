#!/usr/bin/env node
// `npx releng-envs <command>`: the library desk (cli/main.ts), run as precompiled JavaScript
// (bin/compiled.js).
"use strict";

// A reader that leaves early (`npx releng-envs list | head -1`) is no error: what is left to print
// has nowhere to go, so the command finishes quietly with its own exit code. Console output ignores
// EPIPE already; this covers direct writes (commander's default output, a library) too.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (!e || e.code !== "EPIPE") throw e;
  });
}

const path = require("node:path");
const main = require("./compiled").compiledFile("cli/main.ts");
const { run } = require(main);

// `list` keeps the catalogue it read inside the compiled tree: a change of code starts afresh.
run(process.argv.slice(2), { catalogueCache: path.join(path.dirname(path.dirname(main)), "catalogue-cache") }).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exitCode = 1;
  },
);
