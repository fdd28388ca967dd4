/**
 * What the pack learns from the engine's requests themselves, before the SDK handles them. The SDK
 * registers one analyzer service when a `PolicyPack` is constructed; the pack wraps three of its
 * handlers and hands every request on unchanged.
 *
 * - `Remediate`: which inputs the provider's `Check` filled with its own defaults. Terraform-bridged
 *   providers (Upstash) fill every unset input that has a Terraform default (`budget: 20`,
 *   `tls: false`) and list them in `__defaults`. The engine strips keys that start with `__` from
 *   what it sends to `Analyze` and `AnalyzeStack` (`SkipInternalKeys` in pulumi's
 *   analyzer_plugin.go), so a policy cannot tell `budget: 20` written by the program from the
 *   provider's default. The engine keeps the key in the `Remediate` request it sends for every
 *   resource, to every pack, right before `Analyze`; but the SDK runs remediations only for policies
 *   at the `remediate` level.
 * - `Configure`: every policy's config, so that one stack check can tell, for all policies at once,
 *   which have nothing to report (framework/stackSession.ts).
 * - `Analyze`: which resource the policies of the current request look at, so that the policies of
 *   one request share one reading of it and a policy for a few types is skipped for the others.
 * - `AnalyzeStack`: the request, whose resources the pack reads once (see lightenCurrentStackRequest).
 * - `ConfigureStack`: whether it named a stack, and whether the run is a dry run. A preview sends the
 *   stack, project, organisation and tags (a file backend adds none of its own) with `dryRun: true`; an
 *   update (`pulumi up`, with or without its preview first, and the Automation API's `up`) sends them with
 *   `dryRun: false`; `pulumi policy analyze` sends the request with all of them empty and `dryRun: false`
 *   (v3.248.0 to v3.277.0, pinned by the engine-facts e2e tests), and the SDK then shows policies an
 *   empty tag map, the same as for a stack without tags. The engine starts the pack afresh for every
 *   operation and sends ConfigureStack first: each one starts a new run.
 */
import * as grpc from "@grpc/grpc-js";
import type { AnalyzeRequest, AnalyzeStackRequest, AnalyzerStackConfigureRequest, ConfigureAnalyzerRequest } from "@pulumi/pulumi/proto/analyzer_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { DEFAULTS_KEY, recordProviderDefaults } from "../analysis/programInputs";

type Handler = (call: { request: unknown }, callback: unknown) => unknown;

/** Request classes may come from another copy of the SDK than ours: recognise them by shape. */
function isAnalyzeRequest(request: unknown): request is AnalyzeRequest {
    const r = request as Partial<AnalyzeRequest> | null;
    return typeof r?.getUrn === "function" && typeof r.getType === "function" && typeof r.getProperties === "function";
}

function isConfigureRequest(request: unknown): request is ConfigureAnalyzerRequest {
    const r = request as Partial<ConfigureAnalyzerRequest> | null;
    return typeof r?.getPolicyconfigMap === "function";
}

function isConfigureStackRequest(request: unknown): request is AnalyzerStackConfigureRequest {
    const r = request as Partial<AnalyzerStackConfigureRequest> | null;
    return typeof r?.getStack === "function";
}

function isAnalyzeStackRequest(request: unknown): request is AnalyzeStackRequest {
    const r = request as Partial<AnalyzeStackRequest> | null;
    return typeof r?.getResourcesList === "function";
}

function defaultedKeysOf(request: AnalyzeRequest): string[] {
    const listed = request.getProperties()?.getFieldsMap().get(DEFAULTS_KEY)?.getListValue();
    return listed ? listed.getValuesList().map((v) => v.getStringValue()).filter((k) => k.length > 0) : [];
}

let policyConfigs: ReadonlyMap<string, Record<string, unknown>> | undefined;
let stackConfigured = false;

/** What the engine is doing, as its ConfigureStack request said. */
export type EngineOperation = "preview" | "update" | "audit";

let operation: EngineOperation | undefined;
let runs = 0;

/** The operation of the current run; `undefined` when the pack has not read the engine's ConfigureStack request, so cannot tell. */
export function engineOperation(): EngineOperation | undefined {
    return operation;
}

/** Counts the runs the engine started (its ConfigureStack requests), so that what a run remembers is not carried into the next. */
export function runNumber(): number {
    return runs;
}

function operationOf(request: AnalyzerStackConfigureRequest): EngineOperation {
    if (request.getDryRun()) {
        return "preview";
    }
    return request.getStack() === "" ? "audit" : "update";
}

/**
 * Whether the engine told the pack which stack it runs for (and so its tags): `undefined` when the
 * pack has not read the engine's Configure request, so cannot tell.
 */
export function engineSentStackConfiguration(): boolean | undefined {
    return stackConfigured ? true : policyConfigs === undefined ? undefined : false;
}

/** A policy's config as the engine last sent it (what the SDK's `getConfig` returns); `undefined` when the requests were never seen. */
export function configuredPolicyConfig(policy: string): Record<string, unknown> | undefined {
    return policyConfigs ? policyConfigs.get(policy) ?? {} : undefined;
}

/** The Analyze request being handled: the SDK runs every policy for it before it reads another request. */
export interface CurrentAnalyze {
    sequence: number;
    urn: string;
    type: string;
}

let current: CurrentAnalyze | undefined;
let sequence = 0;
let currentStackRequest: AnalyzeStackRequest | undefined;

export function currentAnalyze(): CurrentAnalyze | undefined {
    return current;
}

/**
 * Empties the properties of every resource of the AnalyzeStack request being handled. The SDK
 * deserializes them again for every further stack policy; once the pack has built its stack index
 * from them (shared by all its stack checks in this call), they are read no more, and an empty
 * struct costs the SDK next to nothing.
 */
export function lightenCurrentStackRequest(): void {
    const request = currentStackRequest;
    currentStackRequest = undefined;
    for (const resource of request?.getResourcesList() ?? []) {
        const props = resource.getProperties();
        if (props) {
            // The Struct class of the request's own copy of the SDK, not ours.
            resource.setProperties(new (props.constructor as new () => Struct)());
        }
    }
}

function wrapped(name: string, handler: Handler): Handler {
    switch (name) {
        case "remediate":
            return (call, callback) => {
                if (isAnalyzeRequest(call.request)) {
                    recordProviderDefaults(call.request.getUrn(), defaultedKeysOf(call.request));
                }
                return handler(call, callback);
            };
        case "configure":
            return (call, callback) => {
                if (isConfigureRequest(call.request)) {
                    const configs = new Map<string, Record<string, unknown>>();
                    call.request.getPolicyconfigMap().forEach((config, policy) => {
                        configs.set(policy, (config.getProperties()?.toJavaScript() as Record<string, unknown> | undefined) ?? {});
                    });
                    policyConfigs = configs;
                }
                return handler(call, callback);
            };
        case "configureStack":
            return (call, callback) => {
                // A request of an unknown shape counts as configured: the pack then says nothing about the stage's source.
                stackConfigured = !isConfigureStackRequest(call.request) || call.request.getStack() !== "";
                operation = isConfigureStackRequest(call.request) && typeof call.request.getDryRun === "function" ? operationOf(call.request) : undefined;
                runs += 1;
                return handler(call, callback);
            };
        case "analyzeStack":
            return (call, callback) => {
                currentStackRequest = isAnalyzeStackRequest(call.request) ? call.request : undefined;
                return handler(call, callback);
            };
        case "analyze":
            return (call, callback) => {
                current = isAnalyzeRequest(call.request) ? { sequence: ++sequence, urn: call.request.getUrn(), type: call.request.getType() } : undefined;
                return handler(call, callback);
            };
        default:
            return handler;
    }
}

let installed = false;

/** Wraps the analyzer service's handlers when the SDK registers them. Must run before `new PolicyPack`; idempotent. */
export function readEngineRequests(): void {
    if (installed) {
        return;
    }
    installed = true;
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (this: grpc.Server, service: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void {
        const withReading: grpc.UntypedServiceImplementation = {};
        for (const [name, handler] of Object.entries(implementation)) {
            withReading[name] = typeof handler === "function" ? wrapped(name, handler as Handler) : handler;
        }
        addService.call(this, service, withReading);
    };
}
