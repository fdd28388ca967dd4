"""The reference stack, the Python twin of stack/index.ts: what every policy of upstash-guard asks
for, for stacks `dev` and `prod`."""
import pulumi
import pulumiverse_vercel as vercel
import upstash_pulumi as upstash

stage = pulumi.get_stack()
production = stage == "prod"
# Each stack feeds its own Vercel targets: prod → production deployments, dev → preview deployments (and `vercel dev`).
targets = ["production" if production else "preview"]

# One database per stage, named after it, TLS on, with a spend cap.
cache = upstash.RedisDatabase(
    "cache",
    database_name=f"shop-{stage}",
    region="global",
    primary_region="eu-west-1",
    tls=True,
    budget=200 if production else 20,
)

vectors = upstash.VectorIndex(
    "vectors",
    name=f"shop-{stage}-vectors",
    region="eu-west-1",
    type="payg",
    dimension_count=1536,
    similarity_function="COSINE",
)

# `framework` is left unset: the real provider checks it against a Vercel API, which previews here cannot reach.
web = vercel.Project("web", name=f"shop-{stage}")


def server_variable(name: str, key: str, value: pulumi.Input[str]) -> vercel.ProjectEnvironmentVariable:
    return vercel.ProjectEnvironmentVariable(name, project_id=web.id, key=key, value=value, targets=targets, sensitive=True)


server_variable("redis-url", "UPSTASH_REDIS_REST_URL", pulumi.Output.concat("https://", cache.endpoint))
server_variable("redis-token", "UPSTASH_REDIS_REST_TOKEN", cache.rest_token)
# The catalog pages only read: they get the read-only token.
server_variable("redis-read-only-token", "UPSTASH_REDIS_REST_READONLY_TOKEN", cache.read_only_rest_token)
server_variable("vector-url", "UPSTASH_VECTOR_REST_URL", pulumi.Output.concat("https://", vectors.endpoint))
server_variable("vector-token", "UPSTASH_VECTOR_REST_TOKEN", vectors.token)

# Outside production, `vercel dev` gets the stage's own database too. Vercel allows no sensitive
# development variables, so these are plain, and only ever hold this stage's credentials.
if not production:
    for name, key, value in [
        ("dev-redis-url", "UPSTASH_REDIS_REST_URL", pulumi.Output.concat("https://", cache.endpoint)),
        ("dev-redis-token", "UPSTASH_REDIS_REST_TOKEN", cache.rest_token),
    ]:
        vercel.ProjectEnvironmentVariable(name, project_id=web.id, key=key, value=value, targets=["development"], sensitive=False)

# A rate limit in front of the public API routes.
vercel.FirewallConfig(
    "web-firewall",
    project_id=web.id,
    enabled=True,
    rules={
        "rules": [
            {
                "name": "rate-limit-api",
                "active": True,
                "condition_groups": [{"conditions": [{"type": "path", "op": "pre", "value": "/api"}]}],
                "action": {
                    "action": "rate_limit",
                    "action_duration": "1m",
                    "rate_limit": {"algo": "fixed_window", "window": 60, "limit": 100, "keys": ["ip"], "action": "deny"},
                },
            }
        ]
    },
)

pulumi.export("cacheEndpoint", cache.endpoint)
pulumi.export("projectName", web.name)
# For stacks of this stage that only read the catalog (a Pulumi secret output, as the token is).
pulumi.export("cacheReadOnlyToken", cache.read_only_rest_token)
