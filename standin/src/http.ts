/**
 * Requests as the stand-in records them, and a small router: method and path pattern to a handler.
 * A request no route takes is a loud failure that names its method and path, so that a provider
 * upgrade that calls something new is noticed.
 */
import { IncomingMessage, ServerResponse } from "http";

export interface RecordedRequest {
    /** Order of arrival, from 1. */
    sequence: number;
    host: string;
    method: string;
    /** The path as sent (QStash schedules carry a whole URL in theirs), without the query. */
    path: string;
    query: URLSearchParams;
    headers: Readonly<Record<string, string>>;
    body: string;
    status?: number;
}

export interface Reply {
    status: number;
    /** JSON to send; `undefined` sends an empty body. */
    json?: unknown;
}

export type Handler = (request: RecordedRequest, params: Readonly<Record<string, string>>) => Reply;

interface Route {
    method: string;
    pattern: RegExp;
    names: string[];
    handler: Handler;
}

/** `/v10/projects/:project/env/:env` → a pattern with named parts; `*rest` takes the rest of the path, slashes included. */
function compile(path: string): { pattern: RegExp; names: string[] } {
    const names: string[] = [];
    const source = path
        .split("/")
        .map((part) => {
            if (part.startsWith(":")) {
                names.push(part.slice(1));
                return "([^/]+)";
            }
            if (part.startsWith("*")) {
                names.push(part.slice(1));
                return "(.+)";
            }
            return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        })
        .join("/");
    return { pattern: new RegExp(`^${source}$`), names };
}

export class Router {
    private readonly routes: Route[] = [];

    on(method: string, path: string, handler: Handler): this {
        const { pattern, names } = compile(path);
        this.routes.push({ method, pattern, names, handler });
        return this;
    }

    /** The reply of the route that takes the request, or `undefined` when none does. */
    dispatch(request: RecordedRequest): Reply | undefined {
        for (const route of this.routes) {
            if (route.method !== request.method) {
                continue;
            }
            const match = route.pattern.exec(request.path);
            if (match) {
                const params: Record<string, string> = {};
                route.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));
                return route.handler(request, params);
            }
        }
        return undefined;
    }
}

export function readBody(request: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        request.on("error", reject);
    });
}

export function send(response: ServerResponse, reply: Reply): void {
    const body = reply.json === undefined ? "" : JSON.stringify(reply.json);
    response.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
}

/** The JSON body of a request, or `undefined` when it is empty or not JSON (`null` bodies included). */
export function jsonBody(request: RecordedRequest): Record<string, unknown> | unknown[] | undefined {
    if (request.body.trim() === "") {
        return undefined;
    }
    try {
        const parsed: unknown = JSON.parse(request.body);
        return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown> | unknown[]) : undefined;
    } catch {
        return undefined;
    }
}

export function objectBody(request: RecordedRequest): Record<string, unknown> {
    const body = jsonBody(request);
    return body !== undefined && !Array.isArray(body) ? body : {};
}
