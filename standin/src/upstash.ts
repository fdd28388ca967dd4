/**
 * The Upstash APIs as the real provider calls them (terraform-provider-upstash v2.0.0, under
 * `@upstash/pulumi` 0.5.0): the management API on api.upstash.com (Basic auth `email:apiKey`) and
 * QStash on qstash.upstash.io (Bearer, with the token the provider fetches from
 * `GET /v2/qstash/user` before every QStash call).
 *
 * What each read returns echoes what was sent, as the real API does for these fields: the provider's
 * next plan then shows no change. Success is 200: the provider takes nothing else (204 included).
 */
import { randomUUID } from "crypto";
import { alphanumeric, qstashToken, redisHost, redisPassword, redisRestToken, vectorHost, vectorToken } from "./credentials";
import { RecordedRequest, Reply, Router, objectBody } from "./http";
import { CredentialRegistry, PlatformPlace, Service, basicAuth, notFound } from "./service";

export interface RedisDatabase {
    database_id: string;
    database_name: string;
    region: string;
    primary_region: string;
    read_regions: string[];
    port: number;
    creation_time: number;
    state: string;
    password: string;
    user_email: string;
    endpoint: string;
    tls: boolean;
    eviction: boolean;
    auto_upgrade: boolean;
    prod_pack_enabled: boolean;
    consistent: boolean;
    multizone: boolean;
    budget: number;
    rest_token: string;
    read_only_rest_token: string;
    database_type: string;
    allowed_ip_ranges: string[];
}

export interface VectorIndex {
    id: string;
    customer_id: string;
    name: string;
    similarity_function: string;
    dimension_count: number;
    endpoint: string;
    token: string;
    read_only_token: string;
    type: string;
    region: string;
    reserved_price: number;
    creation_time: number;
}

export interface QStashSchedule {
    scheduleId: string;
    createdAt: number;
    cron: string;
    destination: string;
    method: string;
    header: Record<string, string[]>;
    body: string;
    retries: number;
    delay: number;
    callback: string;
}

const ok = (json?: unknown): Reply => ({ status: 200, json: json ?? {} });

function booleanOf(value: unknown, fallback: boolean): boolean {
    return typeof value === "boolean" ? value : fallback;
}

function stringList(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export class UpstashService implements Service {
    readonly hosts = ["api.upstash.com", "qstash.upstash.io"] as const;
    readonly router = new Router();
    readonly databases = new Map<string, RedisDatabase>();
    readonly vectorIndexes = new Map<string, VectorIndex>();
    readonly schedules = new Map<string, QStashSchedule>();
    private accountToken: string | undefined;

    constructor(private readonly credentials: CredentialRegistry) {
        this.router
            .on("POST", "/v2/redis/database", (r) => this.createDatabase(r))
            .on("GET", "/v2/redis/database/:id", (_r, p) => this.withDatabase(p.id, (db) => ok(db)))
            .on("DELETE", "/v2/redis/database/:id", (_r, p) => this.withDatabase(p.id, (db) => (this.databases.delete(db.database_id), ok())))
            .on("POST", "/v2/redis/enable-tls/:id", (_r, p) => this.withDatabase(p.id, (db) => ((db.tls = true), ok())))
            .on("PATCH", "/v2/redis/update-budget/:id", (r, p) => this.withDatabase(p.id, (db) => this.updateBudget(db, r)))
            .on("POST", "/v2/redis/update-regions/:id", (r, p) => this.withDatabase(p.id, (db) => ((db.read_regions = stringList(objectBody(r).read_regions)), ok())))
            .on("POST", "/v2/redis/update-allowlist/:id", (r, p) => this.withDatabase(p.id, (db) => ((db.allowed_ip_ranges = stringList(objectBody(r).allowed_ips)), ok())));
        for (const [setting, field] of [["eviction", "eviction"], ["autoupgrade", "auto_upgrade"], ["prodpack", "prod_pack_enabled"]] as const) {
            this.router
                .on("POST", `/v2/redis/enable-${setting}/:id`, (_r, p) => this.withDatabase(p.id, (db) => ((db[field] = true), ok())))
                .on("POST", `/v2/redis/disable-${setting}/:id`, (_r, p) => this.withDatabase(p.id, (db) => ((db[field] = false), ok())));
        }
        this.router
            .on("POST", "/v2/vector/index", (r) => this.createVectorIndex(r))
            .on("GET", "/v2/vector/index/:id", (_r, p) => this.withIndex(p.id, (index) => ok(index)))
            .on("POST", "/v2/vector/index/:id/setplan", (r, p) => this.withIndex(p.id, (index) => ((index.type = String(objectBody(r).target_plan ?? index.type)), ok())))
            .on("POST", "/v2/vector/index/:id/rename", (r, p) => this.withIndex(p.id, (index) => ((index.name = String(objectBody(r).name ?? index.name)), ok())))
            .on("DELETE", "/v2/vector/index/:id", (_r, p) => this.withIndex(p.id, (index) => (this.vectorIndexes.delete(index.id), ok())))
            .on("GET", "/v2/qstash/user", (r) => this.qstashUser(r))
            .on("POST", "/v2/schedules/*destination", (r, p) => this.createSchedule(r, p.destination))
            .on("GET", "/v2/schedules/:id", (_r, p) => this.withSchedule(p.id, (s) => ok(s)))
            .on("DELETE", "/v2/schedules/:id", (_r, p) => this.withSchedule(p.id, (s) => (this.schedules.delete(s.scheduleId), ok())));
    }

    /**
     * Changes a database as a person in the Upstash console would, behind Pulumi's back (turn TLS
     * off, raise the budget); `pulumi refresh` then reads the change.
     */
    changeDatabase(databaseName: string, change: Partial<Pick<RedisDatabase, "tls" | "budget" | "eviction">>): void {
        const db = [...this.databases.values()].find((d) => d.database_name === databaseName);
        if (!db) {
            throw new Error(`the stand-in holds no Redis database named ${databaseName}`);
        }
        Object.assign(db, change);
    }

    /** The account's management key is the password of every request's Basic credentials: remembered, to see where else it goes. */
    observe(request: RecordedRequest): void {
        const auth = basicAuth(request);
        if (auth) {
            this.credentials.remember(auth.password, "management-api-key", `the Upstash account ${auth.user}`);
        }
    }

    private createDatabase(request: RecordedRequest): Reply {
        const body = objectBody(request);
        const name = String(body.database_name ?? "");
        const id = randomUUID();
        const owner = `Redis database ${name}`;
        const db: RedisDatabase = {
            database_id: id,
            database_name: name,
            region: String(body.region ?? ""),
            // Echoed as sent: the provider replaces a database whose primary region it did not set but reads back.
            primary_region: typeof body.primary_region === "string" ? body.primary_region : "",
            read_regions: stringList(body.read_regions),
            port: 6379,
            creation_time: Math.floor(Date.now() / 1000),
            state: "active",
            password: this.credentials.remember(redisPassword(), "redis-password", owner),
            user_email: basicAuth(request)?.user ?? "",
            endpoint: redisHost(),
            tls: booleanOf(body.tls, false),
            eviction: booleanOf(body.eviction, false),
            auto_upgrade: booleanOf(body.auto_upgrade, false),
            prod_pack_enabled: booleanOf(body.prod_pack_enabled, false),
            consistent: false,
            multizone: false,
            budget: typeof body.budget === "number" ? body.budget : 20,
            rest_token: this.credentials.remember(redisRestToken("read-write"), "redis-rest-token", owner),
            read_only_rest_token: this.credentials.remember(redisRestToken("read-only"), "redis-read-only-rest-token", owner),
            database_type: "Pay as You Go",
            allowed_ip_ranges: [],
        };
        this.databases.set(id, db);
        return ok(db);
    }

    private updateBudget(db: RedisDatabase, request: RecordedRequest): Reply {
        const budget = objectBody(request).budget;
        if (typeof budget !== "number") {
            return { status: 400, json: { error: "budget must be a number" } };
        }
        db.budget = budget;
        return ok();
    }

    private withDatabase(id: string, then: (db: RedisDatabase) => Reply): Reply {
        const db = this.databases.get(id);
        return db ? then(db) : notFound(`database ${id} not found`);
    }

    private createVectorIndex(request: RecordedRequest): Reply {
        const body = objectBody(request);
        const name = String(body.name ?? "");
        const region = String(body.region ?? "");
        const owner = `Vector index ${name}`;
        const index: VectorIndex = {
            id: randomUUID(),
            customer_id: basicAuth(request)?.user ?? "",
            name,
            similarity_function: String(body.similarity_function ?? ""),
            dimension_count: typeof body.dimension_count === "number" ? body.dimension_count : 0,
            endpoint: vectorHost(region),
            token: this.credentials.remember(vectorToken(), "vector-token", owner),
            read_only_token: this.credentials.remember(vectorToken(), "vector-read-only-token", owner),
            // The real API calls pay-as-you-go "paid"; the provider reads it back as "payg".
            type: body.type === "payg" ? "paid" : String(body.type ?? ""),
            region,
            reserved_price: 0,
            creation_time: Math.floor(Date.now() / 1000),
        };
        this.vectorIndexes.set(index.id, index);
        return ok(index);
    }

    private withIndex(id: string, then: (index: VectorIndex) => Reply): Reply {
        const index = this.vectorIndexes.get(id);
        return index ? then(index) : notFound(`index ${id} not found`);
    }

    private qstashUser(request: RecordedRequest): Reply {
        const user = basicAuth(request)?.user ?? "";
        this.accountToken ??= this.credentials.remember(qstashToken(), "qstash-token", `the QStash account of ${user}`);
        return ok({ id: randomUUID(), customer_id: user, token: this.accountToken, active: true, state: "active", type: "paid", region: "eu-central-1" });
    }

    private createSchedule(request: RecordedRequest, destination: string): Reply {
        const header = (name: string): string => request.headers[name] ?? "";
        const query = request.query.toString();
        const schedule: QStashSchedule = {
            scheduleId: `scd_${alphanumeric(24)}`,
            createdAt: Date.now(),
            cron: header("upstash-cron"),
            // The provider puts the destination in the path as it is, query string included.
            destination: query === "" ? destination : `${destination}?${query}`,
            // Echoed as sent (empty when unset): the real service's "POST" makes the provider replace the schedule at every update.
            method: header("upstash-method"),
            header: {},
            body: request.body,
            retries: Number.parseInt(header("upstash-retries") || "3", 10),
            delay: Number.parseInt(header("upstash-delay") || "0", 10),
            callback: header("upstash-callback"),
        };
        this.schedules.set(schedule.scheduleId, schedule);
        return ok({ scheduleId: schedule.scheduleId });
    }

    private withSchedule(id: string, then: (schedule: QStashSchedule) => Reply): Reply {
        const schedule = this.schedules.get(id);
        return schedule ? then(schedule) : notFound(`schedule ${id} not found`);
    }

    placesIn(request: RecordedRequest): PlatformPlace[] {
        if (request.host !== "qstash.upstash.io" || request.method !== "POST" || !request.path.startsWith("/v2/schedules/")) {
            return [];
        }
        // A schedule's destination, body and forwarded headers are shown to whoever reads the schedule, and sent with every delivery.
        const forwarded = Object.entries(request.headers).filter(([name]) => name.startsWith("upstash-forward-"));
        return [
            { label: "QStash schedule destination", kind: "plain", text: request.path.slice("/v2/schedules/".length) },
            { label: "QStash schedule body", kind: "plain", text: request.body },
            ...forwarded.map(([name, value]): PlatformPlace => ({ label: `QStash schedule header ${name.slice("upstash-forward-".length)}`, kind: "plain", text: value })),
        ];
    }

    inventory(): Record<string, number> {
        return { "redis database": this.databases.size, "vector index": this.vectorIndexes.size, "qstash schedule": this.schedules.size };
    }
}
