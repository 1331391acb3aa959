# Loads an environment's Balrog WSGI entry (components/services/balrog/wsgi/releng_envs_entry.py)
# the way uwsgi does, over Balrog's REAL uwsgi/<app>.wsgi at a pinned commit, with Balrog's and its
# third-party imports replaced by recording stand-ins (PyPI is not reachable here). Then it judges
# URLs with Balrog's REAL auslib.AUS.isForbiddenUrl (extracted from src/auslib/AUS.py unchanged),
# against the allow-list object Balrog's db layer and app were handed.
#
# argv: <balrog source dir> <app: admin|public> <entry: path of the entry, or "stock"> <cases json>
# prints: {"forbidden": {"<product> <url>": bool}, "sameObject": bool} or {"error": "..."}
import ast
import json
import os
import shutil
import sys
import tempfile
import types

source, app, entry, cases_json = sys.argv[1:5]


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    parent, _, child = name.rpartition(".")
    if parent:
        if parent not in sys.modules:
            module(parent)
        setattr(sys.modules[parent], child, m)
    return m


class Recorder:
    def __init__(self):
        self.allowlist = None

    def setDomainAllowlist(self, allowlist):  # auslib.db.AUSDatabase.setDomainAllowlist
        self.allowlist = allowlist

    def __getattr__(self, name):
        return lambda *a, **k: None


class Cache:
    def __getattr__(self, name):
        return lambda *a, **k: None


class App:
    def __init__(self):
        self.config = {}


class Connexion:
    def __init__(self):
        self.app = App()


dbo = Recorder()
anything = lambda *a, **k: None  # noqa: E731
module("aiohttp", ClientSession=anything)
module("sentry_sdk", init=anything)
module("sentry_sdk.integrations.flask", FlaskIntegration=anything)
module("sentry_sdk.integrations.logging", LoggingIntegration=anything)
module("statsd.defaults")
module("gcloud.aio.storage", Storage=anything)
module("google.api_core.exceptions", Forbidden=Exception)
module("google.cloud.storage", Client=anything)
module("auslib.log", configure_logging=anything)
module("auslib.global_state", cache=Cache(), dbo=dbo)
module("auslib.web.admin.base", create_app=Connexion)
module("auslib.web.public.base", create_app=Connexion)
module("auslib.blobs.base", createBlob=anything)
module("auslib.util.cache", TwoLayerCache=anything)
module("redis", Redis=anything)
module("redis.retry", Retry=object)

os.environ.update(
    {
        "STAGING": "1",
        "DBURI": "mysql://unused",
        "SECRET_KEY": "unused",
        "AUTH0_DOMAIN": "auth.example",
        "AUTH0_AUDIENCE": "unused",
        "RELEASES_HISTORY_BUCKET": "unused",
        "NIGHTLY_HISTORY_BUCKET": "unused",
        # Local mode without a credentials file: admin.wsgi skips its startup write to GCS.
        "LOCALDEV": "1",
    }
)
os.environ.pop("GOOGLE_APPLICATION_CREDENTIALS", None)

cases = json.load(open(cases_json))
work = tempfile.mkdtemp()
try:
    stock = os.path.join(source, "uwsgi", app + ".wsgi")
    try:
        if entry == "stock":
            import runpy

            ns = runpy.run_path(stock)
        else:
            # What the pod does: the init container copies the image's file aside, the entry runs it.
            copied = os.path.join(work, app + ".wsgi")
            shutil.copy(stock, copied)
            domains = os.path.join(work, "download-domains.json")
            json.dump(cases["downloadDomains"], open(domains, "w"))
            os.environ["RELENG_ENVS_STOCK_WSGI"] = copied
            os.environ["RELENG_ENVS_DOWNLOAD_DOMAINS_FILE"] = domains
            import runpy

            ns = runpy.run_path(entry)
    except Exception as e:  # a refused start-up is a result, not a harness failure
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))
        sys.exit(0)

    # Balrog's own check, unchanged: the function's source from src/auslib/AUS.py.
    aus = open(os.path.join(source, "src", "auslib", "AUS.py")).read()
    tree = ast.parse(aus)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "isForbiddenUrl")
    scope = {}
    exec("import logging, re\nfrom urllib.parse import urlparse\n" + ast.get_source_segment(aus, fn), scope)
    isForbiddenUrl = scope["isForbiddenUrl"]

    allowlist = dbo.allowlist
    app_list = ns["application"].config["ALLOWLISTED_DOMAINS"]
    forbidden = {"%s %s" % (p, u): isForbiddenUrl(u, p, allowlist) for p, u in cases["urls"]}
    print(json.dumps({"forbidden": forbidden, "sameObject": allowlist is app_list}))
finally:
    shutil.rmtree(work, ignore_errors=True)
