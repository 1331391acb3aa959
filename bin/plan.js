#!/usr/bin/env node
// `npm run plan`: the offline plan (tools/plan/main.ts), run as precompiled JavaScript
// (bin/compiled.js) rather than through tsx, which costs every plan about 1.2 s of CPU.
"use strict";

require(require("./compiled").compiledFile("tools/plan/main.ts")).main();
