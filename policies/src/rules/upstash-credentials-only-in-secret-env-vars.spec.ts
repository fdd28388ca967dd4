import { strict as assert } from "assert";
import { leakedFragments } from "../../../test/harness/fake-credentials";
import { assertFlagged, assertNoLeak, assertPreviewNote, violations } from "../../../test/harness/expect";
import { of, pack, runStack } from "../../../test/harness/pack";
import { StackFixture, UNKNOWN, isSecretEnvelope, secretsOf } from "../../../test/harness/stack";
import { TYPES } from "../analysis/types";

const POLICY = "upstash-credentials-only-in-secret-env-vars";

describe(POLICY, () => {
    for (const state of ["new", "existing"] as const) {
        describe(`${state} stack`, () => {
            it("passes credentials in sensitive variables, write-only variables, secret stores and the provider", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                s.upstashProvider(db.credentials.managementKey);
                s.envVar("token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, targets: ["production", "preview"] });
                s.envVar("token-wo", { key: "KV_REST_API_TOKEN", value: { from: db, output: "restToken" }, sensitive: false, valueWo: true });
                s.envVar("dev-only", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, sensitive: false, targets: ["development"] });
                s.envVar("url", { key: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" }, sensitive: false });
                s.kubernetesData("k8s-secret", "REDIS_URL", { from: db, output: "redisUrl" }, true);
                s.ssmParameter("ssm-secure", "SecureString", { from: db, output: "password" });
                s.vercelProject("web");
                s.envVars("web-env", "web", [
                    { key: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" }, sensitive: false },
                    { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } },
                ]);
                assert.deepEqual(of(await runStack(s.resources), POLICY), []);
            });

            it("fails a non-sensitive production variable, naming resource, key and credential", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                s.envVar("plain-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, sensitive: false, targets: ["production", "preview"] });
                const result = await runStack(s.resources);
                assertFlagged(violations(result, POLICY), [s.find("plain-token").urn], "mandatory", [
                    /ProjectEnvironmentVariable 'plain-token'/,
                    /UPSTASH_REDIS_REST_TOKEN/,
                    /Upstash Redis REST token of RedisDatabase 'cache'/,
                    /not sensitive/,
                ]);
                assertNoLeak(result, secretsOf([db]));
            });

            it("fails non-sensitive shared variables, Project.environments and custom-environment variables", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                const vec = s.vector("vectors");
                s.vercelProject("web");
                s.sharedEnvVar("shared", { key: "KV_REST_API_TOKEN", value: { from: db, output: "restToken" }, sensitive: false, targets: ["preview"] }, ["web"]);
                s.projectWithEnvironments("api", [
                    { key: "UPSTASH_VECTOR_REST_URL", value: { from: vec, output: "endpoint" }, sensitive: false },
                    { key: "UPSTASH_VECTOR_REST_TOKEN", value: { from: vec, output: "token" }, sensitive: false },
                ]);
                s.envVar("custom", { key: "REDIS_URL", value: { from: db, output: "redisUrl" }, sensitive: false, targets: [], customEnvironmentIds: ["env_staging"] });
                const result = await runStack(s.resources);
                const found = violations(result, POLICY);
                assertFlagged(found, [s.find("shared").urn, s.find("api").urn, s.find("custom").urn], "mandatory", [/not sensitive/]);
                assert.match(found.find((d) => d.urn === s.find("api").urn)?.message ?? "", /Project 'api' \(environments\[1\]\) variable UPSTASH_VECTOR_REST_TOKEN carries the Upstash Vector token of VectorIndex 'vectors'/);
                assert.match(found.find((d) => d.urn === s.find("custom").urn)?.message ?? "", /REDIS_URL .*(password|Redis)/);
                assertNoLeak(result, secretsOf([db, vec]));
            });

            it("fails credentials in a build command, a QStash body and header, a ConfigMap and a plain SSM parameter", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                s.add(TYPES.vercelProject, "web", { name: "web", buildCommand: state === "existing" ? `UPSTASH_REDIS_REST_TOKEN=${db.credentials.restToken} next build` : UNKNOWN }, { buildCommand: [db.urn] });
                s.qstashSchedule("cron", { body: { template: '{"token":"{}"}', ref: { from: db, output: "restToken" } } });
                s.qstashSchedule("cron-header", { header: { name: "Authorization", ref: { from: db, output: "restToken" } } });
                s.kubernetesData("config", "UPSTASH_REDIS_REST_TOKEN", { from: db, output: "restToken" }, false);
                s.ssmParameter("ssm-plain", "String", { from: db, output: "restToken" });
                const result = await runStack(s.resources);
                const found = violations(result, POLICY);
                assertFlagged(found, ["web", "cron", "cron-header", "config", "ssm-plain"].map((n) => s.find(n).urn), "mandatory", [/carries (the Upstash Redis REST token|a credential) of RedisDatabase 'cache'/]);
                const byName = (n: string): string => found.find((d) => d.urn === s.find(n).urn)?.message ?? "";
                // Before the database exists, provenance names it, not which of its outputs: only a key that names one says more.
                for (const n of ["web", "cron", "cron-header", "ssm-plain"]) {
                    const said = state === "existing" ? /carries the Upstash Redis REST token of RedisDatabase 'cache'/ : /carries a credential of RedisDatabase 'cache' "shop-dev" \(its restToken, readOnlyRestToken or password; which one is not known until the update\)/;
                    assert.match(byName(n), said, n);
                }
                assert.match(byName("config"), /carries the Upstash Redis REST token of RedisDatabase 'cache'/);
                for (const n of ["web", "cron", "cron-header"]) {
                    assert.match(byName(n), /field \S+ carries .*not a secret store/);
                }
                // Places of a platform module say what the place is and what that platform offers instead.
                assert.match(byName("config"), /ConfigMap 'config' \(data\) variable UPSTASH_REDIS_REST_TOKEN .* is a ConfigMap entry.*Kubernetes Secret.*secretKeyRef/);
                assert.match(byName("ssm-plain"), /Parameter 'ssm-plain' variable \/shop\/dev\/ssm-plain .* is a `String` parameter.*SecureString/);
                assert.match(byName("web"), /Project 'web' field buildCommand/);
                assert.match(found.find((d) => d.urn === s.find("cron").urn)?.message ?? "", /QStashScheduleV2 'cron' field body/);
                assertNoLeak(result, secretsOf([db]));
            });

            it("fails a client-exposed variable even when sensitive, unless a read-only token is allowed in clients", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                s.envVar("public-ro", { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_READONLY_TOKEN", value: { from: db, output: "readOnlyRestToken" }, sensitive: false });
                s.envVar("public-rw", { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } });
                const strict = await runStack(s.resources);
                assertFlagged(violations(strict, POLICY), [s.find("public-ro").urn, s.find("public-rw").urn], "mandatory", [/client-exposed \(NEXT_PUBLIC_\)/]);
                const relaxed = violations(await runStack(s.resources, { config: { [POLICY]: { allowReadOnlyTokensInClient: true } } }), POLICY);
                // Regression: a read-only token that the config lets into a client variable is accepted there, sensitive or not.
                assertFlagged(relaxed, [s.find("public-rw").urn], "mandatory", [/read-write|REST token of/]);
            });
        });
    }

    it("says it cannot decide during preview when `sensitive` is unknown", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.add(TYPES.projectEnvironmentVariable, "token", { projectId: "prj_web", key: "UPSTASH_REDIS_REST_TOKEN", value: UNKNOWN, sensitive: UNKNOWN, targets: ["production"] }, { value: [db.urn] });
        const result = await runStack(s.resources);
        assert.deepEqual(violations(result, POLICY), []);
        assertPreviewNote(result, POLICY, [/whether ProjectEnvironmentVariable 'token' variable UPSTASH_REDIS_REST_TOKEN is sensitive/]);
    });

    it("says it cannot decide, rather than flag a plain field, when a whole variable list or entry is unknown", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.add(TYPES.projectEnvironmentVariables, "whole", { projectId: "prj_web", variables: UNKNOWN }, { variables: [db.urn] });
        s.add(TYPES.projectEnvironmentVariables, "entry", { projectId: "prj_web", variables: [UNKNOWN] }, { variables: [db.urn] });
        const result = await runStack(s.resources);
        assert.deepEqual(violations(result, POLICY), []);
        assertPreviewNote(result, POLICY, [/the variables of ProjectEnvironmentVariables 'whole' \(variables\)/, /the variables of ProjectEnvironmentVariables 'entry' \(variables\[0\]\)/]);
    });

    it("recognises a pasted literal by name and by shape, and ignores placeholders", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.envVar("named", { key: "KV_REST_API_TOKEN", value: db.credentials.restToken, sensitive: false });
        s.envVar("shaped", { key: "SOMETHING", value: db.credentials.qstashToken, sensitive: false });
        s.envVar("placeholder", { key: "KV_REST_API_TOKEN", value: "changeme", sensitive: false, targets: ["preview"] });
        const result = await runStack(s.resources);
        assertFlagged(violations(result, POLICY), [s.find("named").urn, s.find("shaped").urn], "mandatory", [/not sensitive/]);
        assert.match(violations(result, POLICY).find((d) => d.urn === s.find("shaped").urn)?.message ?? "", /QStash token \(recognised by the format of its value\)/);
        assertNoLeak(result, secretsOf([db]));
    });

    it("accepts extra secret store types and client prefixes from config", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.add("onepassword:index/item:Item", "vault-item", { password: db.credentials.password }, { password: [db.urn] });
        s.envVar("app-public", { key: "APP_PUBLIC_CACHE", value: { from: db, output: "restToken" } });
        const defaults = violations(await runStack(s.resources), POLICY);
        assertFlagged(defaults, [s.find("vault-item").urn], "mandatory", [/Upstash Redis password of RedisDatabase 'cache'/]);
        const configured = violations(
            await runStack(s.resources, { config: { [POLICY]: { extraSecretStoreTypes: ["onepassword:index/item:Item"], extraClientPrefixes: ["APP_PUBLIC_"] } } }),
            POLICY,
        );
        assertFlagged(configured, [s.find("app-public").urn], "mandatory", [/client-exposed \(APP_PUBLIC_\)/]);
    });

    it("reports at the configured level", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.envVar("plain", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, sensitive: false });
        assertFlagged(violations(await runStack(s.resources, { config: { [POLICY]: "advisory" } }), POLICY), [s.find("plain").urn], "advisory");
        assert.deepEqual(of(await runStack(s.resources, { config: { [POLICY]: "disabled" } }), POLICY), []);
    });

    it("honours exemptions and says when one has expired", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.envVar("plain", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, sensitive: false });
        const exempt = await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "pla*", reason: "migrating to valueWo", expires: "2999-12-31" }] } } });
        assert.deepEqual(of(exempt, POLICY), []);
        const expired = violations(await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: s.find("plain").urn, reason: "old", expires: "2001-01-01" }] } } }), POLICY);
        assertFlagged(expired, [s.find("plain").urn], "mandatory", [/expired on 2001-01-01/]);
    });

    describe("remediation", () => {
        it("sets sensitive: true and keeps the value a secret", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache");
            s.envVar("plain", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, sensitive: false, targets: ["production"] });
            await pack().configure({ [POLICY]: "remediate" });
            await pack().configureStack("dev");
            const [remediation] = (await pack().remediate(s.find("plain"))).filter((r) => r.policyName === POLICY);
            assert.ok(remediation?.properties, "expected a remediation");
            assert.equal(remediation.properties.sensitive, true);
            assert.ok(isSecretEnvelope(remediation.properties.value), "value must stay in Pulumi's secret envelope");
            assert.equal(remediation.properties.key, "UPSTASH_REDIS_REST_TOKEN");
            assert.deepEqual(remediation.properties.targets, ["production"]);
        });

        it("remediates the offending entry of a ProjectEnvironmentVariables list only", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache");
            s.vercelProject("web");
            s.envVars("web-env", "web", [
                { key: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" }, sensitive: false },
                { key: "UPSTASH_REDIS_REST_TOKEN", value: db.credentials.restToken, sensitive: false },
            ]);
            await pack().configure({ [POLICY]: "remediate" });
            await pack().configureStack("dev");
            const [remediation] = (await pack().remediate(s.find("web-env"))).filter((r) => r.policyName === POLICY);
            const variables = remediation?.properties?.variables as Record<string, unknown>[] | undefined;
            assert.ok(variables);
            assert.equal(variables[0].sensitive, false);
            assert.equal(variables[1].sensitive, true);
            assert.deepEqual(leakedFragments(remediation?.diagnostic ?? "", secretsOf([db])), []);
        });

        it("leaves a development-only variable alone (Vercel forbids sensitive there)", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache");
            s.envVar("dev-only", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, sensitive: false, targets: ["development"] });
            await pack().configure({ [POLICY]: "remediate" });
            await pack().configureStack("dev");
            const remediations = (await pack().remediate(s.find("dev-only"))).filter((r) => r.policyName === POLICY && r.properties !== undefined);
            assert.deepEqual(remediations, []);
        });
    });
});
