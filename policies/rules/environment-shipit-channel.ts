// A Ship-it copy runs with APP_CHANNEL=dev; `production` is production Ship-it's channel (docs:
// DESIGN.md §3). Checked wherever the value can come from: a literal env var or a ConfigMap.
import { DEFAULTS } from "../defaults";
import { metaOf } from "../lib/k8s";
import { docsUrl, stringList, type RelengStackPolicy } from "../lib/policy";
import { judgeSubjects } from "../lib/subjects";

const NAME = "environment-shipit-channel";
const defaults = { forbiddenShipitChannels: [...DEFAULTS.forbiddenShipitChannels] };

export const environmentShipitChannel: RelengStackPolicy = {
  name: NAME,
  description: "An environment's Ship-it never runs with APP_CHANNEL=production.",
  severity: "critical",
  enforcementLevel: "mandatory",
  family: "trust",
  tags: ["trust", "environments", "shipit"],
  url: docsUrl(NAME),
  remediationSteps: "Set APP_CHANNEL=dev on the environment's Ship-it containers (env var or the ConfigMap it reads). Any copy of Ship-it is dev.",
  configSchema: { properties: { forbiddenShipitChannels: stringList("APP_CHANNEL values an environment may never use.", defaults.forbiddenShipitChannels) } },
  validateStack: judgeSubjects({
    defaults,
    appliesTo: (trust) => trust.isEnvironment,
    judge: ({ subject, cfg, found }) => {
      const forbidden = cfg.forbiddenShipitChannels.map((c) => c.trim().toLowerCase());
      const check = (value: string | undefined, source: typeof subject.resource, where: string) => {
        const v = value?.trim().toLowerCase();
        if (v && forbidden.includes(v)) found(source, where, `an environment's Ship-it runs with APP_CHANNEL=${value!.trim()}`);
      };
      for (const e of subject.env) {
        if (e.name !== "APP_CHANNEL") continue;
        check(e.value, subject.resource, e.where);
        if (e.configMapRef) {
          const cm = subject.configMaps.find((c) => metaOf(c.props).name === e.configMapRef!.name);
          check(cm?.props?.data?.[e.configMapRef.key], cm ?? subject.resource, `${e.where} from ConfigMap ${e.configMapRef.name}`);
        }
      }
      for (const cm of subject.configMaps) check(cm.props?.data?.APP_CHANNEL, cm, `ConfigMap ${metaOf(cm.props).name} data.APP_CHANNEL`);
    },
  }),
};
