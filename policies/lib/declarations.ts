// What a subject declares, each with where it is declared: credential names, texts (env values,
// commands, ConfigMap data), Autograph entries of its signing config, images.
import { parse as parseYaml } from "yaml";
import { CATALOG } from "../generated/catalog";
import { metaOf, type ResourceLike } from "./k8s";
import type { Subject } from "./model";

export interface Located {
  source: ResourceLike;
  where: string;
}

export interface NameDecl extends Located {
  name: string;
}

/**
 * Whether an env var holds the catalogue's plain placeholder: a value upstream's templates render
 * below prod and never use (catalog/trust.ts LEVEL_NAME_CONFLICTS). A public constant, no credential.
 */
export function isUnusedPlaceholder(e: { value?: string; secretRef?: unknown; configMapRef?: unknown }): boolean {
  return !e.secretRef && !e.configMapRef && e.value === CATALOG.unusedCredentialPlaceholder;
}

/** Names of credentials a subject holds: its env var names (placeholders apart) and the keys of its Secrets. */
export function secretNamesOf(subject: Subject): NameDecl[] {
  const out: NameDecl[] = subject.env.filter((e) => !isUnusedPlaceholder(e)).map((e) => ({ name: e.name, source: subject.resource, where: e.where }));
  for (const s of subject.secrets) {
    const m = metaOf(s.props);
    for (const field of ["stringData", "data"] as const) {
      const d = s.props?.[field];
      if (d && typeof d === "object") for (const k of Object.keys(d)) out.push({ name: k, source: s, where: `Secret ${m.name} ${field}.${k}` });
    }
  }
  return out;
}

export interface TextDecl extends Located {
  text: string;
}

/** Declared text a subject acts on: env values, commands and args, its ConfigMaps' data. */
export function textsOf(subject: Subject): TextDecl[] {
  const out: TextDecl[] = [];
  for (const e of subject.env) if (e.value) out.push({ text: e.value, source: subject.resource, where: e.where });
  for (const { container, where } of subject.containers) {
    for (const field of ["command", "args"] as const) {
      const list = container[field];
      if (Array.isArray(list)) list.forEach((a: unknown, i: number) => typeof a === "string" && out.push({ text: a, source: subject.resource, where: `${where} ${field}[${i}]` }));
    }
  }
  for (const c of subject.configMaps) {
    const m = metaOf(c.props);
    const data = c.props?.data;
    if (data && typeof data === "object") for (const [k, v] of Object.entries(data)) if (typeof v === "string") out.push({ text: v, source: c, where: `ConfigMap ${m.name} data.${k}` });
  }
  return out;
}

export interface AutographEntry extends Located {
  url: string;
  formats: string[];
  certScope?: string;
}

/**
 * Autograph entries of the subject's ConfigMaps: the generated passwords.yml the signing image reads
 * (`{<cert scope>: [[url, user, password, [formats], keyId?], …]}`), and the older autograph.json
 * record (`[{url, formats, certScope}]`). Unparseable text yields none.
 */
export function autographEntriesOf(subject: Subject): AutographEntry[] {
  const out: AutographEntry[] = [];
  for (const c of subject.configMaps) {
    const name = metaOf(c.props).name;
    const parse = (key: string): unknown => {
      const raw = c.props?.data?.[key];
      if (typeof raw !== "string") return undefined;
      try {
        return parseYaml(raw);
      } catch {
        return undefined;
      }
    };
    const passwords = parse("passwords.yml");
    if (passwords && typeof passwords === "object" && !Array.isArray(passwords)) {
      for (const [certScope, rows] of Object.entries(passwords as Record<string, unknown>)) {
        if (!Array.isArray(rows)) continue;
        rows.forEach((row: unknown, i: number) => {
          if (!Array.isArray(row)) return;
          out.push({ url: String(row[0] ?? ""), formats: Array.isArray(row[3]) ? row[3].map(String) : [], certScope, source: c, where: `ConfigMap ${name} passwords.yml[${JSON.stringify(certScope)}][${i}]` });
        });
      }
    }
    const record = parse("autograph.json");
    if (!Array.isArray(record)) continue;
    record.forEach((e: any, i: number) => {
      if (!e || typeof e !== "object") return;
      out.push({
        url: String(e.url ?? ""),
        formats: Array.isArray(e.formats) ? e.formats.map(String) : [],
        certScope: typeof e.certScope === "string" ? e.certScope : undefined,
        source: c,
        where: `ConfigMap ${name} autograph.json[${i}]`,
      });
    });
  }
  return out;
}

/** Images a subject runs, with where each is declared. */
export function imagesOf(subject: Subject): (Located & { image: string })[] {
  return subject.containers.filter((c) => typeof c.container.image === "string").map((c) => ({ image: c.container.image as string, source: subject.resource, where: c.where }));
}

/** Text plus Autograph server URLs, each declaration once (autograph.json judged entry by entry). */
export function declaredTexts(subject: Subject): TextDecl[] {
  return [...textsOf(subject).filter((t) => !t.where.endsWith("data.autograph.json") && !t.where.endsWith("data.passwords.yml")), ...autographEntriesOf(subject).map((e) => ({ text: e.url, source: e.source, where: e.where }))];
}
