/**
 * A local stand-in for the Upstash and Vercel APIs that the real providers talk to, unmodified.
 *
 * It listens on loopback as an HTTP proxy. The providers honour `HTTPS_PROXY` and send it a CONNECT
 * for each API host; for the hosts it serves it answers, terminates TLS with a certificate from a CA
 * made at start-up (trusted by the providers through `SSL_CERT_FILE`) and hands the request to that
 * service. Any other host is refused and recorded as a failure, so nothing leaves the machine and a
 * test that reached for something else fails. So does a request no route of a service takes.
 *
 *     const standIn = await StandIn.start();
 *     spawnSync("pulumi", ["up", …], { env: { ...process.env, ...standIn.env() } });
 *     standIn.deliveries();   // every credential the platform received, and into what kind of place
 *     standIn.failures();     // [] unless something unexpected was asked
 *     await standIn.stop();
 */
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import { CertificateAuthority } from "./ca";
import { providerEnvironment } from "./environment";
import { KnownCredential } from "./credentials";
import { RecordedRequest, Reply, readBody, send } from "./http";
import { CredentialRegistry, PlatformPlace, Service } from "./service";
import { UpstashService } from "./upstash";
import { VercelService } from "./vercel";

export type { RecordedRequest } from "./http";
export type { KnownCredential, CredentialKind } from "./credentials";
export type { PlatformPlace } from "./service";

/** A credential that reached a place on the platform. Says what it is and where, never its value. */
export interface Delivery {
    sequence: number;
    request: string;
    place: string;
    placeKind: PlatformPlace["kind"];
    credential: KnownCredential;
}

/** Requests to the proxy's own address under this path are the control API of `server.ts`, not proxied requests. */
export const CONTROL_PREFIX = "/__standin/";

export type ControlHandler = (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void>;

export class StandIn {
    /** Set by `server.ts` when the stand-in runs as a process of its own. */
    control: ControlHandler | undefined;
    readonly upstash: UpstashService;
    readonly vercel: VercelService;
    private readonly services: readonly Service[];
    private readonly credentials = new CredentialRegistry();
    private readonly recorded: RecordedRequest[] = [];
    private readonly failed: string[] = [];
    private readonly contexts = new Map<string, tls.SecureContext>();
    private readonly api: http.Server;
    private readonly sockets = new Set<net.Socket>();

    private constructor(
        private readonly proxy: http.Server,
        private readonly port: number,
        private readonly folder: string,
        readonly caFile: string,
        ca: CertificateAuthority,
    ) {
        this.upstash = new UpstashService(this.credentials);
        this.vercel = new VercelService();
        this.services = [this.upstash, this.vercel];
        for (const host of this.services.flatMap((s) => s.hosts)) {
            const { certPem, keyPem } = ca.issue(host);
            this.contexts.set(host, tls.createSecureContext({ cert: certPem, key: keyPem }));
        }
        this.api = http.createServer((request, response) => {
            void this.serve(request, response);
        });
        this.api.on("clientError", (_error: Error, socket: net.Socket) => socket.destroy());
        proxy.on("connect", (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => this.tunnel(request, socket, head));
        proxy.on("request", (request: http.IncomingMessage, response: http.ServerResponse) => {
            if (this.control && (request.url ?? "").startsWith(CONTROL_PREFIX)) {
                void this.control(request, response);
                return;
            }
            this.fail(`refused a plain HTTP request through the proxy: ${request.method ?? "?"} ${request.url ?? ""}`);
            response.writeHead(403).end();
        });
        proxy.on("connection", (socket: net.Socket) => this.track(socket));
    }

    /** Starts the stand-in on a free loopback port, with a new CA written to a temporary folder. */
    static async start(): Promise<StandIn> {
        const ca = new CertificateAuthority();
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "upstash-guard-standin-"));
        const caFile = path.join(folder, "ca.pem");
        fs.writeFileSync(caFile, ca.certPem);
        const proxy = http.createServer();
        const port = await new Promise<number>((resolve, reject) => {
            proxy.once("error", reject);
            proxy.listen(0, "127.0.0.1", () => resolve((proxy.address() as net.AddressInfo).port));
        });
        return new StandIn(proxy, port, folder, caFile, ca);
    }

    /** The proxy's address, for `HTTPS_PROXY`. */
    get proxyUrl(): string {
        return `http://127.0.0.1:${this.port}`;
    }

    /** What the process that runs the providers needs (`environment.ts`). */
    env(): Record<string, string> {
        return providerEnvironment(this.proxyUrl, this.caFile);
    }

    /** Every request served, in order. */
    requests(): readonly RecordedRequest[] {
        return this.recorded;
    }

    /** What went wrong: a refused host, a request no route takes. Empty when everything asked was known. */
    failures(): readonly string[] {
        return this.failed;
    }

    /** Every credential the stand-in handed out or was shown, for leak checks (never to print). */
    credentialValues(): string[] {
        return this.credentials.values();
    }

    /** Every credential the platforms received, with the place it went to and what kind of place that is. */
    deliveries(): Delivery[] {
        const found: Delivery[] = [];
        for (const request of this.recorded) {
            const service = this.serviceFor(request.host);
            for (const place of service?.placesIn(request) ?? []) {
                for (const credential of this.credentials.foundIn(place.text)) {
                    found.push({ sequence: request.sequence, request: `${request.method} ${request.host}${request.path}`, place: place.label, placeKind: place.kind, credential });
                }
            }
        }
        return found;
    }

    /** What the services hold, by kind; every count 0 once everything was destroyed. */
    inventory(): Record<string, number> {
        return Object.assign({}, ...this.services.map((s) => s.inventory())) as Record<string, number>;
    }

    isEmpty(): boolean {
        return Object.values(this.inventory()).every((n) => n === 0);
    }

    /** Forgets the requests and failures recorded so far (the services keep their state). */
    clearRecord(): void {
        this.recorded.length = 0;
        this.failed.length = 0;
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) {
            socket.destroy();
        }
        await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
        this.api.close();
        fs.rmSync(this.folder, { recursive: true, force: true });
    }

    private track(socket: net.Socket): void {
        this.sockets.add(socket);
        // A provider that crashes drops its connections: that ends the connection, not the stand-in.
        socket.on("error", () => socket.destroy());
        socket.once("close", () => this.sockets.delete(socket));
    }

    private fail(message: string): void {
        this.failed.push(message);
    }

    private serviceFor(host: string): Service | undefined {
        return this.services.find((s) => s.hosts.includes(host));
    }

    private tunnel(request: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
        this.track(socket);
        const [host, port] = (request.url ?? "").split(":");
        const context = port === "443" ? this.contexts.get(host) : undefined;
        if (!context) {
            this.fail(`refused a connection to ${request.url ?? "(no host)"}: the stand-in serves only ${[...this.contexts.keys()].join(", ")}`);
            socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
            return;
        }
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length > 0) {
            socket.unshift(head);
        }
        const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
        this.track(secure);
        this.api.emit("connection", secure);
    }

    private async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
        const host = (request.headers.host ?? "").replace(/:\d+$/, "");
        const raw = request.url ?? "/";
        const at = raw.indexOf("?");
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
            headers[name] = Array.isArray(value) ? value.join(", ") : value ?? "";
        }
        const recorded: RecordedRequest = {
            sequence: this.recorded.length + 1,
            host,
            method: request.method ?? "GET",
            // Kept as sent: a QStash schedule's path holds its whole destination URL.
            path: at < 0 ? raw : raw.slice(0, at),
            query: new URLSearchParams(at < 0 ? "" : raw.slice(at + 1)),
            headers,
            body: await readBody(request),
        };
        this.recorded.push(recorded);
        const service = this.serviceFor(host);
        if (service instanceof UpstashService) {
            service.observe(recorded);
        }
        let reply: Reply | undefined;
        try {
            reply = service?.router.dispatch(recorded);
        } catch (error) {
            this.fail(`the stand-in failed on ${recorded.method} ${host}${recorded.path}: ${error instanceof Error ? error.message : String(error)}`);
            recorded.status = 500;
            send(response, { status: 500, json: { error: { code: "standin_error", message: "upstash-guard stand-in failed" } } });
            return;
        }
        if (!reply) {
            this.fail(`no route for ${recorded.method} ${host}${recorded.path}: a provider called an endpoint the stand-in does not know`);
            recorded.status = 501;
            send(response, { status: 501, json: { error: { code: "standin_unknown_endpoint", message: `upstash-guard stand-in: no route for ${recorded.method} ${recorded.path}` } } });
            return;
        }
        recorded.status = reply.status;
        send(response, reply);
    }
}
