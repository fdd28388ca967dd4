// Mistake: an old database without TLS, and a plain redis:// URL to it.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

const stage = pulumi.getStack();
new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: false, budget: 20 });
new upstash.QStashScheduleV2("warm-cache", { cron: "*/10 * * * *", destination: "http://shop-dev-10001.upstash.io/warm" });
