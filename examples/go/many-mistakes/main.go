// Several mistakes at once, the Go twin of examples/many-mistakes: no TLS, no budget, a name
// without the stage, a token in a plain client-exposed variable, one database for production and
// preview, and no rate limit.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumiverse/pulumi-vercel/sdk/v3/go/vercel"
	"github.com/upstash/pulumi-upstash/sdk/go/upstash"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cache, err := upstash.NewRedisDatabase(ctx, "cache", &upstash.RedisDatabaseArgs{
			DatabaseName:  pulumi.String("shop-cache"),
			Region:        pulumi.String("global"),
			PrimaryRegion: pulumi.String("eu-west-1"),
		})
		if err != nil {
			return err
		}
		web, err := vercel.NewProject(ctx, "web", &vercel.ProjectArgs{Name: pulumi.String("shop")})
		if err != nil {
			return err
		}
		targets := pulumi.StringArray{pulumi.String("production"), pulumi.String("preview")}
		_, err = vercel.NewProjectEnvironmentVariables(ctx, "web-env", &vercel.ProjectEnvironmentVariablesArgs{
			ProjectId: web.ID(),
			Variables: vercel.ProjectEnvironmentVariablesVariableArray{
				vercel.ProjectEnvironmentVariablesVariableArgs{Key: pulumi.String("NEXT_PUBLIC_KV_REST_API_TOKEN"), Value: cache.RestToken, Targets: targets, Sensitive: pulumi.Bool(false)},
				vercel.ProjectEnvironmentVariablesVariableArgs{Key: pulumi.String("KV_REST_API_URL"), Value: cache.Endpoint, Targets: targets, Sensitive: pulumi.Bool(false)},
			},
		})
		return err
	})
}
