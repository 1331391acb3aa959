#!/usr/bin/env node
// The policy pack as the offline plan starts it (tools/plan/policyPack.ts): its sources precompiled
// (bin/compiled.js), with the working directory the pack's own, as the engine sets it. The engine
// itself starts the pack through @pulumi/pulumi/cmd/run-policy-pack, which type-checks the sources
// with ts-node at every start (about 2 s of CPU, docs/benchmarks.md); the plan need not, since
// `npm test` type-checks the pack and starts it that way (test/policies/packStandalone.test.ts).
"use strict";

const { compiledFile } = require("./compiled");

// The pack serializes no functions: the SDK may start without its closure serializer's TypeScript
// compiler and npm's Arborist (tools/deferClosureDeps.ts).
require(compiledFile("tools/deferClosureDeps.ts"));
require(compiledFile("policies/index.ts"));
