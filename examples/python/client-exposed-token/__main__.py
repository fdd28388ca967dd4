"""Mistake: the REST token goes into a NEXT_PUBLIC_ variable, which Next.js inlines into the browser
bundle (the Python twin of examples/client-exposed-token)."""
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
    "public-token", project_id=web.id, key="NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", value=cache.rest_token, targets=["preview"], sensitive=True
)
