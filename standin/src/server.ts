/**
 * The stand-in as a process of its own, so that it keeps serving while a test waits for `pulumi`
 * (the e2e harness runs the CLI synchronously). It prints one JSON line, `{"proxyUrl","caFile"}`, once
 * it listens, and answers a small control API on the proxy's own address (`/__standin/…`, see
 * `process.ts`). It stops on SIGTERM or `POST /__standin/stop`.
 */
import * as http from "http";
import { CONTROL_PREFIX, StandIn } from "./index";
import { readBody } from "./http";

function reply(response: http.ServerResponse, status: number, json: unknown): void {
    const body = JSON.stringify(json);
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
}

async function main(): Promise<void> {
    const standIn = await StandIn.start();
    const stop = async (): Promise<void> => {
        await standIn.stop();
        process.exit(0);
    };
    standIn.control = async (request, response) => {
        const command = (request.url ?? "").slice(CONTROL_PREFIX.length);
        const body = await readBody(request);
        const args = body === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
        try {
            switch (`${request.method ?? "GET"} ${command}`) {
                case "GET requests":
                    return reply(response, 200, standIn.requests().map((r) => ({ ...r, query: r.query.toString() })));
                case "GET failures":
                    return reply(response, 200, standIn.failures());
                case "GET deliveries":
                    return reply(response, 200, standIn.deliveries());
                case "GET inventory":
                    return reply(response, 200, standIn.inventory());
                case "GET credentials":
                    return reply(response, 200, standIn.credentialValues());
                case "POST clear":
                    standIn.clearRecord();
                    return reply(response, 200, {});
                case "POST change-database":
                    standIn.upstash.changeDatabase(String(args.databaseName), args.change as Parameters<StandIn["upstash"]["changeDatabase"]>[1]);
                    return reply(response, 200, {});
                case "POST change-variables":
                    return reply(response, 200, { changed: standIn.vercel.changeVariables(String(args.key), args.change as Parameters<StandIn["vercel"]["changeVariables"]>[1]) });
                case "POST stop":
                    reply(response, 200, {});
                    setImmediate(() => void stop());
                    return;
                default:
                    return reply(response, 404, { error: `unknown control command ${request.method ?? ""} ${command}` });
            }
        } catch (error) {
            return reply(response, 400, { error: error instanceof Error ? error.message : String(error) });
        }
    };
    process.on("SIGTERM", () => void stop());
    process.stdout.write(`${JSON.stringify({ proxyUrl: standIn.proxyUrl, caFile: standIn.caFile })}\n`);
}

void main();
