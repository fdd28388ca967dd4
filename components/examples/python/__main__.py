"""The reference app built from the upstash-guard components, in Python: a database per stage, its
wiring into a Vercel project, a rate limit in front of the API. Config `twin: hand-wired` also wires
the database's token by hand into a plain variable under a neutral key, the misuse the pack blocks."""
import pulumi
import pulumi_upstash_guard_components as components
import pulumiverse_vercel as vercel

stage = pulumi.get_stack()
production = stage == "prod"

cache = components.StageRedisDatabase("cache", app="shop", budget=200 if production else 20, primary_region="eu-west-1")
# `framework` is left unset: the real provider checks it against a Vercel API, which previews here cannot reach.
web = vercel.Project("web", name=f"shop-{stage}")
components.VercelRedisVariables("redis", project_id=web.id, rest_url=cache.rest_url, rest_token=cache.rest_token, development=not production)
components.VercelRateLimit("web-firewall", project_id=web.id)

if pulumi.Config().get("twin") == "hand-wired":
    vercel.ProjectEnvironmentVariable("cache-secret", project_id=web.id, key="CACHE_SECRET", value=cache.rest_token, targets=["preview"], sensitive=False)
