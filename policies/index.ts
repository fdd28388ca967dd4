// The pack entry the Pulumi CLI starts. It constructs the one PolicyPack of this process; tests and
// organisation packs import `./src` instead, which starts nothing.
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, upstashGuardPackPolicies } from "./src";

new PolicyPack(POLICY_PACK_NAME, {
    description: "Upstash security best practices for stacks that deploy apps to Vercel with Upstash Redis, Vector, Search and QStash.",
    enforcementLevel: "mandatory",
    policies: upstashGuardPackPolicies(),
});
