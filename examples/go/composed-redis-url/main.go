// Mistakes: a Redis URL composed from the database's password, in a plain variable under a name of the
// app's own (CACHE_URL), and with the redis:// scheme, which sends it in clear text (the Go twin of
// examples/composed-redis-url).
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumiverse/pulumi-vercel/sdk/v3/go/vercel"
	"github.com/upstash/pulumi-upstash/sdk/go/upstash"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		stage := ctx.Stack()
		cache, err := upstash.NewRedisDatabase(ctx, "cache", &upstash.RedisDatabaseArgs{
			DatabaseName: pulumi.String("shop-" + stage), Region: pulumi.String("global"), PrimaryRegion: pulumi.String("eu-west-1"),
			Tls: pulumi.Bool(true), Budget: pulumi.Int(20),
		})
		if err != nil {
			return err
		}
		web, err := vercel.NewProject(ctx, "web", &vercel.ProjectArgs{Name: pulumi.String("shop-" + stage)})
		if err != nil {
			return err
		}
		_, err = vercel.NewFirewallConfig(ctx, "web-firewall", &vercel.FirewallConfigArgs{
			ProjectId: web.ID(),
			Rules: vercel.FirewallConfigRulesArgs{Rules: vercel.FirewallConfigRulesRuleArray{vercel.FirewallConfigRulesRuleArgs{
				Name:   pulumi.String("rate-limit-api"),
				Active: pulumi.Bool(true),
				ConditionGroups: vercel.FirewallConfigRulesRuleConditionGroupArray{vercel.FirewallConfigRulesRuleConditionGroupArgs{
					Conditions: vercel.FirewallConfigRulesRuleConditionGroupConditionArray{vercel.FirewallConfigRulesRuleConditionGroupConditionArgs{
						Type: pulumi.String("path"), Op: pulumi.String("pre"), Value: pulumi.String("/api"),
					}},
				}},
				Action: vercel.FirewallConfigRulesRuleActionArgs{
					Action: pulumi.String("rate_limit"),
					RateLimit: vercel.FirewallConfigRulesRuleActionRateLimitArgs{
						Algo: pulumi.String("fixed_window"), Window: pulumi.Int(60), Limit: pulumi.Int(100), Keys: pulumi.ToStringArray([]string{"ip"}), Action: pulumi.String("deny"),
					},
				},
			}}},
		})
		if err != nil {
			return err
		}
		_, err = vercel.NewProjectEnvironmentVariable(ctx, "cache-url", &vercel.ProjectEnvironmentVariableArgs{
			ProjectId: web.ID(), Key: pulumi.String("CACHE_URL"),
			Value:   pulumi.Sprintf("redis://default:%s@%s:%d", cache.Password, cache.Endpoint, cache.Port),
			Targets: pulumi.ToStringArray([]string{"preview"}), Sensitive: pulumi.Bool(false),
		})
		return err
	})
}
