// Mistake: the token in `environment.variables`, readable by anyone who can read the function's configuration.
// Declared by type token so that the example needs no @pulumi/aws install (the SDK is hundreds of megabytes);
// with it, write `new aws.lambda.Function(...)` and `new aws.secretsmanager.Secret(...)` with the same inputs.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

const stage = pulumi.getStack();
const cache = new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
const lambda = (name: string, variables: Record<string, pulumi.Input<string>>) =>
    new pulumi.CustomResource("aws:lambda/function:Function", name, {
        name: `shop-${name}-${stage}`,
        role: "arn:aws:iam::123456789012:role/shop-lambda",
        runtime: "nodejs20.x",
        handler: "index.handler",
        environment: { variables },
    });
lambda("api", { UPSTASH_REDIS_REST_URL: pulumi.interpolate`https://${cache.endpoint}`, UPSTASH_REDIS_REST_TOKEN: cache.restToken });

// The right way: the token in Secrets Manager, the function gets the secret's ARN and reads it at run time.
const secret = new pulumi.CustomResource("aws:secretsmanager/secret:Secret", "redis-token", { name: `shop/${stage}/redis-token` });
new pulumi.CustomResource("aws:secretsmanager/secretVersion:SecretVersion", "redis-token", { secretId: secret.id, secretString: cache.restToken });
lambda("api-fixed", { UPSTASH_REDIS_REST_URL: pulumi.interpolate`https://${cache.endpoint}`, UPSTASH_REDIS_REST_TOKEN_ARN: secret.id });
