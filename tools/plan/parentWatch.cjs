// Preloaded (node --require) into child processes the plan owns (tools/plan/ownedChild.ts): stdin is
// a pipe from the parent, so its end means the parent is gone — then this process ends too, instead
// of staying behind (e.g. a policy pack listening on 127.0.0.1 after the CLI was killed).
"use strict";
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
// The watch alone must not keep the child alive once its own work is done.
process.stdin.unref && process.stdin.unref();
