"""Several mistakes at once, the Python twin of examples/many-mistakes: no TLS, no budget, a name
without the stage, a token in a plain client-exposed variable, one database for production and
preview, and no rate limit."""
import pulumiverse_vercel as vercel
import upstash_pulumi as upstash

cache = upstash.RedisDatabase("cache", database_name="shop-cache", region="global", primary_region="eu-west-1")
web = vercel.Project("web", name="shop")
vercel.ProjectEnvironmentVariables(
    "web-env",
    project_id=web.id,
    variables=[
        vercel.ProjectEnvironmentVariablesVariableArgs(
            key="NEXT_PUBLIC_KV_REST_API_TOKEN", value=cache.rest_token, targets=["production", "preview"], sensitive=False
        ),
        vercel.ProjectEnvironmentVariablesVariableArgs(
            key="KV_REST_API_URL", value=cache.endpoint, targets=["production", "preview"], sensitive=False
        ),
    ],
)
