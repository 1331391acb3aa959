# releng-envs: the WSGI entry an environment's Balrog (admin or public) runs instead of the image's
# own uwsgi/<app>.wsgi, which it runs first, unchanged (an init container copied it aside). Then it
# adds the environment's own download hosts to that module's DOMAIN_ALLOWLIST, in place: Balrog's
# db layer (dbo.setDomainAllowlist) and the Flask app (ALLOWLISTED_DOMAINS) hold that same dict,
# so release blobs naming the environment's archive and bouncer are accepted by this Balrog only.
#
# Each extra host takes the products of an entry already in the stock allow-list (the stage
# archive's, the stage bouncer's), so which products may use it stays Balrog's decision.
import json
import os
import runpy

STOCK_WSGI = os.environ["RELENG_ENVS_STOCK_WSGI"]
DOWNLOAD_DOMAINS_FILE = os.environ["RELENG_ENVS_DOWNLOAD_DOMAINS_FILE"]


def _extend(allowlist, extra):
    for host, like in sorted(extra.items()):
        if like not in allowlist:
            raise RuntimeError(
                "releng-envs: %s should take the products of %s, which is not in Balrog's DOMAIN_ALLOWLIST "
                "(is STAGING=1 set? did the image's uwsgi file change?); see docs/balrog.md" % (host, like)
            )
        if host in allowlist and allowlist[host] != allowlist[like]:
            raise RuntimeError("releng-envs: %s is already in Balrog's DOMAIN_ALLOWLIST with other products" % host)
        allowlist[host] = allowlist[like]


with open(DOWNLOAD_DOMAINS_FILE) as f:
    _extra = json.load(f)

_stock = runpy.run_path(STOCK_WSGI, run_name="releng_envs_stock_wsgi")
_extend(_stock["DOMAIN_ALLOWLIST"], _extra)
DOMAIN_ALLOWLIST = _stock["DOMAIN_ALLOWLIST"]
application = _stock["application"]
