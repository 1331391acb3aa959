// Allow-lists as the pack applies them. A subject some signal calls prod and another dep gets only
// what both levels allow (the intersection), so a mislabelled pool never gains an allowance.
import type { TrustLevel } from "./model";
import type { TrustView } from "./trust";

/** Levels a subject is judged at: every level any signal claims. */
export function judgedLevels(trust: TrustView): TrustLevel[] {
  return [...trust.levels].sort();
}

/** What every judged level allows (the intersection of `table[level]`); empty when no level is known. */
export function allowedAtAll(levels: readonly TrustLevel[], table: Readonly<Record<TrustLevel, readonly string[]>>): string[] {
  if (levels.length === 0) return [];
  return table[levels[0]].filter((x) => levels.every((l) => table[l].includes(x)));
}

export function levelsText(levels: readonly TrustLevel[]): string {
  return levels.length === 0 ? "unknown-level" : levels.join("/");
}
