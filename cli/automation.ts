// The slice of the Pulumi Automation API that `return` uses, as an interface so tests can pass a
// fake workspace. The real one is @pulumi/pulumi/automation's LocalWorkspace (3.248): it drives the
// Pulumi CLI on PATH against this project's directory and its stack files.
import type { Deployment } from "@pulumi/pulumi/automation";

export interface AutomationStack {
  readonly name: string;
  /** `pulumi destroy --yes` (never with `remove`: the stack is removed only after verification). */
  destroy(opts?: { message?: string; onOutput?: (out: string) => void }): Promise<{ summary?: { resourceChanges?: Record<string, number> } }>;
  /** `pulumi stack export`: the stack's state after the destroy. */
  exportStack(): Promise<Deployment>;
  readonly workspace: {
    /** `pulumi stack rm --yes [--preserve-config] <stack>`. */
    removeStack(stackName: string, opts?: { preserveConfig?: boolean }): Promise<void>;
  };
}

export interface Automation {
  /** The version of the Pulumi CLI on PATH, or null when there is none. */
  cliVersion(): Promise<string | null>;
  /** `LocalWorkspace.selectStack`: an existing stack of the program in `workDir`. */
  selectStack(args: { stackName: string; workDir: string }): Promise<AutomationStack>;
}

type AutomationModule = typeof import("@pulumi/pulumi/automation");

// Loaded on first use: the Automation API is only needed by `return`.
function automationModule(): AutomationModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@pulumi/pulumi/automation") as AutomationModule;
}

export const localAutomation: Automation = {
  async cliVersion() {
    try {
      // skipVersionCheck: presence is the question here; selectStack validates the version itself.
      const cmd = await automationModule().PulumiCommand.get({ skipVersionCheck: true });
      return cmd.version?.toString() ?? "unknown";
    } catch {
      return null;
    }
  },
  async selectStack({ stackName, workDir }) {
    return automationModule().LocalWorkspace.selectStack({ stackName, workDir });
  },
};

/** Resource types a stack keeps in its state even when it declares nothing of its own. */
export function isBookkeepingResource(type: string): boolean {
  return type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");
}

/** URNs of the resources a stack export still holds, other than the stack itself and providers. */
export function remainingResources(state: Deployment): string[] {
  const resources = ((state?.deployment as { resources?: unknown } | undefined)?.resources ?? []) as { urn?: string; type?: string }[];
  if (!Array.isArray(resources)) return [];
  return resources.filter((r) => !isBookkeepingResource(String(r.type ?? ""))).map((r) => String(r.urn ?? r.type));
}
