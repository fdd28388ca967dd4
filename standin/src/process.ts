/**
 * Starts the stand-in as a process of its own (`server.ts`) and talks to it: what tests and the demo
 * use, since they run `pulumi` synchronously and an in-process server would not answer meanwhile.
 *
 *     const standIn = await StandInProcess.start();
 *     spawnSync("pulumi", ["up", …], { env: { ...process.env, ...standIn.env() } });
 *     await standIn.deliveries();
 *     await standIn.stop();
 */
import { ChildProcess, spawn } from "child_process";
import * as http from "http";
import * as path from "path";
import { providerEnvironment } from "./environment";
import type { Delivery } from "./index";
import type { RedisDatabase } from "./upstash";
import type { VercelVariable } from "./vercel";

/** A recorded request as the control API returns it: the query as a string. */
export interface RequestRecord {
    sequence: number;
    host: string;
    method: string;
    path: string;
    query: string;
    headers: Record<string, string>;
    body: string;
    status?: number;
}

export class StandInProcess {
    private constructor(
        private readonly child: ChildProcess,
        readonly proxyUrl: string,
        readonly caFile: string,
    ) {}

    /** Spawns the stand-in (TypeScript through ts-node, as the test suites run) and waits until it listens. */
    static async start(): Promise<StandInProcess> {
        const server = path.join(__dirname, "server.ts");
        const child = spawn(process.execPath, ["-r", "ts-node/register", server], {
            cwd: path.resolve(__dirname, "..", ".."),
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const started = await new Promise<{ proxyUrl: string; caFile: string }>((resolve, reject) => {
            let stdout = "";
            const timer = setTimeout(() => reject(new Error(`the stand-in did not start: ${stderr}`)), 60_000);
            child.stdout?.on("data", (chunk: Buffer) => {
                stdout += chunk.toString();
                const line = stdout.split("\n").find((l) => l.startsWith("{"));
                if (line) {
                    clearTimeout(timer);
                    resolve(JSON.parse(line) as { proxyUrl: string; caFile: string });
                }
            });
            child.once("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`the stand-in exited with ${code ?? "?"}: ${stderr}`));
            });
        });
        return new StandInProcess(child, started.proxyUrl, started.caFile);
    }

    /** What the process that runs the providers needs (`environment.ts`). */
    env(): Record<string, string> {
        return providerEnvironment(this.proxyUrl, this.caFile);
    }

    private control<T>(method: string, command: string, args?: unknown): Promise<T> {
        const url = new URL(`/__standin/${command}`, this.proxyUrl);
        const body = args === undefined ? "" : JSON.stringify(args);
        return new Promise<T>((resolve, reject) => {
            // A connection of its own: a kept-alive one may be closed by the server just as it is reused.
            const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, agent: false, headers: { "content-length": Buffer.byteLength(body), connection: "close" } }, (response) => {
                const chunks: Buffer[] = [];
                response.on("data", (c: Buffer) => chunks.push(c));
                response.on("end", () => {
                    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
                    if ((response.statusCode ?? 500) >= 300) {
                        reject(new Error(`stand-in ${command}: ${JSON.stringify(parsed)}`));
                    } else {
                        resolve(parsed as T);
                    }
                });
            });
            request.on("error", reject);
            request.end(body);
        });
    }

    requests(): Promise<RequestRecord[]> {
        return this.control("GET", "requests");
    }

    failures(): Promise<string[]> {
        return this.control("GET", "failures");
    }

    deliveries(): Promise<Delivery[]> {
        return this.control("GET", "deliveries");
    }

    inventory(): Promise<Record<string, number>> {
        return this.control("GET", "inventory");
    }

    /** Every credential the stand-in handed out or was shown: what no output may hold any part of. */
    credentialValues(): Promise<string[]> {
        return this.control("GET", "credentials");
    }

    async clearRecord(): Promise<void> {
        await this.control("POST", "clear");
    }

    /** Changes a database as a person in the Upstash console would (see `UpstashService.changeDatabase`). */
    async changeDatabase(databaseName: string, change: Partial<Pick<RedisDatabase, "tls" | "budget" | "eviction">>): Promise<void> {
        await this.control("POST", "change-database", { databaseName, change });
    }

    /** Changes the variables of a key as a person in the Vercel dashboard would; says how many. */
    async changeVariables(key: string, change: Partial<Pick<VercelVariable, "type" | "target">>): Promise<number> {
        return (await this.control<{ changed: number }>("POST", "change-variables", { key, change })).changed;
    }

    async stop(): Promise<void> {
        if (this.child.exitCode !== null) {
            return;
        }
        const exited = new Promise((resolve) => this.child.once("exit", resolve));
        this.child.kill("SIGTERM");
        await exited;
    }
}
