// The reference stack, the Go twin of stack/index.ts: what every policy of upstash-guard asks for,
// for stacks `dev` and `prod`.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumiverse/pulumi-vercel/sdk/v3/go/vercel"
	"github.com/upstash/pulumi-upstash/sdk/go/upstash"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		stage := ctx.Stack()
		production := stage == "prod"
		// Each stack feeds its own Vercel targets: prod → production deployments, dev → preview deployments (and `vercel dev`).
		target, budget := "preview", 20
		if production {
			target, budget = "production", 200
		}

		// One database per stage, named after it, TLS on, with a spend cap.
		cache, err := upstash.NewRedisDatabase(ctx, "cache", &upstash.RedisDatabaseArgs{
			DatabaseName:  pulumi.String("shop-" + stage),
			Region:        pulumi.String("global"),
			PrimaryRegion: pulumi.String("eu-west-1"),
			Tls:           pulumi.Bool(true),
			Budget:        pulumi.Int(budget),
		})
		if err != nil {
			return err
		}
		vectors, err := upstash.NewVectorIndex(ctx, "vectors", &upstash.VectorIndexArgs{
			Name:               pulumi.String("shop-" + stage + "-vectors"),
			Region:             pulumi.String("eu-west-1"),
			Type:               pulumi.String("payg"),
			DimensionCount:     pulumi.Int(1536),
			SimilarityFunction: pulumi.String("COSINE"),
		})
		if err != nil {
			return err
		}
		// `Framework` is left unset: the real provider checks it against a Vercel API, which previews here cannot reach.
		web, err := vercel.NewProject(ctx, "web", &vercel.ProjectArgs{Name: pulumi.String("shop-" + stage)})
		if err != nil {
			return err
		}

		variable := func(name, key string, value pulumi.StringInput, targets []string, sensitive bool) error {
			_, err := vercel.NewProjectEnvironmentVariable(ctx, name, &vercel.ProjectEnvironmentVariableArgs{
				ProjectId: web.ID(), Key: pulumi.String(key), Value: value, Targets: pulumi.ToStringArray(targets), Sensitive: pulumi.Bool(sensitive),
			})
			return err
		}
		server := []string{target}
		for _, v := range []struct {
			name, key string
			value     pulumi.StringInput
		}{
			{"redis-url", "UPSTASH_REDIS_REST_URL", pulumi.Sprintf("https://%s", cache.Endpoint)},
			{"redis-token", "UPSTASH_REDIS_REST_TOKEN", cache.RestToken},
			// The catalog pages only read: they get the read-only token.
			{"redis-read-only-token", "UPSTASH_REDIS_REST_READONLY_TOKEN", cache.ReadOnlyRestToken},
			{"vector-url", "UPSTASH_VECTOR_REST_URL", pulumi.Sprintf("https://%s", vectors.Endpoint)},
			{"vector-token", "UPSTASH_VECTOR_REST_TOKEN", vectors.Token},
		} {
			if err := variable(v.name, v.key, v.value, server, true); err != nil {
				return err
			}
		}

		// Outside production, `vercel dev` gets the stage's own database too. Vercel allows no sensitive
		// development variables, so these are plain, and only ever hold this stage's credentials.
		if !production {
			development := []string{"development"}
			if err := variable("dev-redis-url", "UPSTASH_REDIS_REST_URL", pulumi.Sprintf("https://%s", cache.Endpoint), development, false); err != nil {
				return err
			}
			if err := variable("dev-redis-token", "UPSTASH_REDIS_REST_TOKEN", cache.RestToken, development, false); err != nil {
				return err
			}
		}

		// A rate limit in front of the public API routes.
		_, err = vercel.NewFirewallConfig(ctx, "web-firewall", &vercel.FirewallConfigArgs{
			ProjectId: web.ID(),
			Enabled:   pulumi.Bool(true),
			Rules: vercel.FirewallConfigRulesArgs{Rules: vercel.FirewallConfigRulesRuleArray{vercel.FirewallConfigRulesRuleArgs{
				Name:   pulumi.String("rate-limit-api"),
				Active: pulumi.Bool(true),
				ConditionGroups: vercel.FirewallConfigRulesRuleConditionGroupArray{vercel.FirewallConfigRulesRuleConditionGroupArgs{
					Conditions: vercel.FirewallConfigRulesRuleConditionGroupConditionArray{vercel.FirewallConfigRulesRuleConditionGroupConditionArgs{
						Type: pulumi.String("path"), Op: pulumi.String("pre"), Value: pulumi.String("/api"),
					}},
				}},
				Action: vercel.FirewallConfigRulesRuleActionArgs{
					Action:         pulumi.String("rate_limit"),
					ActionDuration: pulumi.String("1m"),
					RateLimit: vercel.FirewallConfigRulesRuleActionRateLimitArgs{
						Algo: pulumi.String("fixed_window"), Window: pulumi.Int(60), Limit: pulumi.Int(100), Keys: pulumi.ToStringArray([]string{"ip"}), Action: pulumi.String("deny"),
					},
				},
			}}},
		})
		if err != nil {
			return err
		}

		ctx.Export("cacheEndpoint", cache.Endpoint)
		ctx.Export("projectName", web.Name)
		// For stacks of this stage that only read the catalog (a Pulumi secret output, as the token is).
		ctx.Export("cacheReadOnlyToken", cache.ReadOnlyRestToken)
		return nil
	})
}
