// Mistake: auto-scaling and no spend cap: an abused endpoint runs up the bill.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

const stage = pulumi.getStack();
new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, autoScale: true });
