// One picture for report.md: trust levels, their pools and the Autograph each pool signs with,
// the environments with the services they copy, and where each reaches out (egress through the
// proxy) or falls back to shared services, read-only. A Mermaid `architecture-beta` diagram,
// which GitHub renders; test/tools/report.test.ts parses it with mermaid's own parser.
import type { StackPlan } from "./evaluate";
import { planEnvironment } from "../../program/environmentStack";
import { poolNames } from "../../domain/pools/names";
import { AUTOGRAPH_HOSTS } from "../../catalog/trust";
import type { EnvironmentStack } from "../../stacks/load";

interface PoolsConfig {
  kind: "pools";
  level: "prod" | "dep" | "dev";
  pools: { script: string; product: string; autograph?: { server: "prod" | "stage" }[] }[];
}

/** A Mermaid id: letters, digits and underscores. */
function id(...parts: string[]): string {
  return parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
}

/** Titles are free text within brackets; brackets and newlines would end them. */
function title(s: string): string {
  return s.replace(/[[\]\n]/g, " ");
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function trustDiagram(plans: readonly StackPlan[]): string {
  const lines = ["architecture-beta"];
  const external = new Map<string, string>(); // id → title
  const edges: string[] = [];
  const ext = (key: string, label: string) => {
    const i = id("ext", key);
    external.set(i, label);
    return i;
  };

  const levels = ["prod", "dep", "dev"] as const;
  for (const level of levels) {
    const stacks = plans.filter((p) => (p.config as PoolsConfig | undefined)?.kind === "pools" && (p.config as PoolsConfig).level === level);
    if (stacks.length === 0) continue;
    const group = id("level", level);
    lines.push(`  group ${group}(cloud)[Trust level ${level}]`);
    const seen = new Set<string>();
    for (const plan of stacks) {
      for (const pool of (plan.config as PoolsConfig).pools) {
        const names = poolNames({ script: pool.script, product: pool.product, level } as Parameters<typeof poolNames>[0]);
        const pid = id(level, names.workerType);
        if (seen.has(pid)) continue;
        seen.add(pid);
        lines.push(`  service ${pid}(server)[${title(names.workerType)}] in ${group}`);
        for (const server of [...new Set((pool.autograph ?? []).map((a) => a.server))]) {
          const target = ext(`autograph_${server}`, `Autograph ${server} ${AUTOGRAPH_HOSTS[server]}`);
          edges.push(`  ${pid}:R -[signs]-> L:${target}`);
        }
      }
    }
  }

  const environments = plans.filter((p) => (p.config as { kind?: string } | undefined)?.kind === "environment");
  if (environments.length > 0) {
    for (const plan of environments) {
      const config = plan.config as EnvironmentStack;
      const group = id("env", config.name);
      lines.push(`  group ${group}(cloud)[Environment ${title(config.name)}]`);
      const release = plan.outputs.stagingRelease as { endpoints?: Record<string, { url: string; source: string; service: string }> } | undefined;
      for (const planned of planEnvironment(config, { deploying: false }).services) {
        const sid = id(config.name, planned.name);
        lines.push(`  service ${sid}(server)[${planned.name} own copy] in ${group}`);
        for (const host of new Set(planned.egress.hosts)) {
          edges.push(`  ${sid}:B -[egress via proxy]-> T:${ext(host, host)}`);
        }
      }
      const fallbacks = Object.entries(release?.endpoints ?? {}).filter(([, e]) => e.source === "fallback");
      if (fallbacks.length > 0) {
        const fid = id(config.name, "fallbacks");
        lines.push(`  service ${fid}(internet)[shared fallbacks] in ${group}`);
        for (const host of [...new Set(fallbacks.map(([, e]) => hostOf(e.url)))]) edges.push(`  ${fid}:B -[fallback]-> T:${ext(host, host)}`);
      }
    }
  }
  for (const [i, t] of external) lines.push(`  service ${i}(internet)[${title(t)}]`);
  return [...lines, ...edges].join("\n") + "\n";
}
