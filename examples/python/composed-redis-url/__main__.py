"""Mistakes: a Redis URL composed from the database's password, in a plain variable under a name of
the app's own (CACHE_URL), and with the redis:// scheme, which sends it in clear text (the Python
twin of examples/composed-redis-url)."""
import pulumi
import pulumiverse_vercel as vercel
import upstash_pulumi as upstash

stage = pulumi.get_stack()
cache = upstash.RedisDatabase("cache", database_name=f"shop-{stage}", region="global", primary_region="eu-west-1", tls=True, budget=20)
web = vercel.Project("web", name=f"shop-{stage}")
vercel.FirewallConfig(
    "web-firewall",
    project_id=web.id,
    rules={
        "rules": [
            {
                "name": "rate-limit-api",
                "active": True,
                "condition_groups": [{"conditions": [{"type": "path", "op": "pre", "value": "/api"}]}],
                "action": {"action": "rate_limit", "rate_limit": {"algo": "fixed_window", "window": 60, "limit": 100, "keys": ["ip"], "action": "deny"}},
            }
        ]
    },
)
vercel.ProjectEnvironmentVariable(
    "cache-url",
    project_id=web.id,
    key="CACHE_URL",
    value=pulumi.Output.format("redis://default:{0}@{1}:{2}", cache.password, cache.endpoint, cache.port),
    targets=["preview"],
    sensitive=False,
)
