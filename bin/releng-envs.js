#!/usr/bin/env node
// `npx releng-envs <command>`: the library desk. The CLI is TypeScript run in place (as `npm run
// plan` is), so this shim only registers tsx's CommonJS loader and hands over to cli/main.ts.
"use strict";
require("tsx/cjs");
const { run } = require("../cli/main.ts");

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exitCode = 1;
  },
);
