// The reference app built from the upstash-guard components, in Go: a database per stage, its wiring
// into a Vercel project, a rate limit in front of the API. Config `twin: hand-wired` also wires the
// database's token by hand into a plain variable under a neutral key, the misuse the pack blocks.
package main

import (
	"example.com/pulumi-upstash-guard-components/sdk/go/upstashguardcomponents"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/pulumiverse/pulumi-vercel/sdk/v3/go/vercel"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		stage := ctx.Stack()
		production := stage == "prod"
		budget := 20.0
		if production {
			budget = 200
		}

		cache, err := upstashguardcomponents.NewStageRedisDatabase(ctx, "cache", &upstashguardcomponents.StageRedisDatabaseArgs{
			App: "shop", Budget: budget, PrimaryRegion: "eu-west-1",
		})
		if err != nil {
			return err
		}
		// `Framework` is left unset: the real provider checks it against a Vercel API, which previews here cannot reach.
		web, err := vercel.NewProject(ctx, "web", &vercel.ProjectArgs{Name: pulumi.String("shop-" + stage)})
		if err != nil {
			return err
		}
		development := !production
		if _, err := upstashguardcomponents.NewVercelRedisVariables(ctx, "redis", &upstashguardcomponents.VercelRedisVariablesArgs{
			ProjectId: web.ID(), RestUrl: cache.RestUrl, RestToken: cache.RestToken, Development: &development,
		}); err != nil {
			return err
		}
		if _, err := upstashguardcomponents.NewVercelRateLimit(ctx, "web-firewall", &upstashguardcomponents.VercelRateLimitArgs{ProjectId: web.ID()}); err != nil {
			return err
		}

		if config.Get(ctx, "twin") == "hand-wired" {
			_, err = vercel.NewProjectEnvironmentVariable(ctx, "cache-secret", &vercel.ProjectEnvironmentVariableArgs{
				ProjectId: web.ID(), Key: pulumi.String("CACHE_SECRET"), Value: cache.RestToken,
				Targets: pulumi.ToStringArray([]string{"preview"}), Sensitive: pulumi.Bool(false),
			})
		}
		return err
	})
}
