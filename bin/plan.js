#!/usr/bin/env node
// `npm run plan`: the offline plan (tools/plan/main.ts), run as precompiled JavaScript
// (bin/compiled.js) rather than through tsx, which costs every plan about 1.2 s of CPU.
"use strict";

const { compiledFile } = require("./compiled");

// Before anything loads the Pulumi SDK: it then starts without its closure serializer's TypeScript
// compiler and Arborist (tools/deferClosureDeps.ts).
require(compiledFile("tools/deferClosureDeps.ts"));

// The policy pack's process starts first, on the other core, while this one loads the plan's
// modules (about a second): the pack is then ready when the first stack is planned.
const argv = process.argv.slice(2);
if (!argv.some((a) => a === "--no-policies" || a === "-h" || a === "--help")) require(compiledFile("tools/plan/policyPack.ts")).PolicyPackProcess.prestart();

require(compiledFile("tools/plan/main.ts")).main();
