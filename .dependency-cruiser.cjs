// The project's layers (README "Code layout"): catalog ← domain ← stacks / components ← program ←
// tools, cli. `npm run lint:layers` (part of `npm test`) refuses an import against that direction,
// type-only imports included, and any import cycle.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-cycle", severity: "error", comment: "An import cycle: split the module or move the shared part down a layer.", from: {}, to: { circular: true } },
    {
      name: "catalog-is-data",
      severity: "error",
      comment: "catalog/ is plain data and the canonical forms; it imports nothing of the project above it.",
      from: { path: "^catalog/" },
      to: { path: "^(domain|stacks|components|program|policies|tools|cli|bench)/" },
    },
    {
      name: "domain-below-stacks-and-components",
      severity: "error",
      comment: "domain/ holds the rules and names stacks/ and components/ share: it may import catalog/ only.",
      from: { path: "^domain/" },
      to: { path: "^(stacks|components|program|policies|tools|cli|bench)/" },
    },
    {
      name: "stacks-are-config",
      severity: "error",
      comment: "stacks/ holds stack files, their schema and loading: never components/ or program/.",
      from: { path: "^stacks/" },
      to: { path: "^(components|program|policies|tools|cli|bench)/" },
    },
    {
      name: "components-take-resolved-arguments",
      severity: "error",
      comment: "Components take placement and their own settings; the program maps stack config to them.",
      from: { path: "^components/" },
      to: { path: "^(stacks|program|policies|tools|cli|bench)/" },
    },
    {
      name: "program-below-tools",
      severity: "error",
      comment: "The program is what `pulumi up` runs: tools, CLI and bench use it, never the reverse.",
      from: { path: "^program/" },
      to: { path: "^(policies|tools|cli|bench)/" },
    },
    {
      name: "pack-is-self-contained",
      severity: "error",
      comment: "The policy pack is installed and started on its own (policies/package.json): it reads policies/generated/, never the project.",
      from: { path: "^policies/" },
      to: { path: "^(catalog|domain|stacks|components|program|tools|cli|bench)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|out|reports|\\.stryker-tmp)/" },
    // Type-only imports are dependencies too: a component that names a stack type depends on the stack schema.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
