/**
 * Which inputs a provider's `Check` filled with its own defaults, read from the engine's `Remediate`
 * requests.
 *
 * Terraform-bridged providers (Upstash) fill every unset input that has a Terraform default
 * (`budget: 20`, `tls: false`) and list those inputs in `__defaults`. The engine strips keys that
 * start with `__` from what it sends to `Analyze` and `AnalyzeStack` (`SkipInternalKeys` in
 * pulumi's analyzer_plugin.go), so a policy cannot tell `budget: 20` written by the program from the
 * provider's default. The engine keeps the key in the `Remediate` request it sends for every
 * resource, to every pack, right before `Analyze`; but the SDK only runs remediations of policies at
 * the `remediate` level. So the pack reads the list from that request as it arrives, and hands the
 * request on to the SDK unchanged.
 */
import * as grpc from "@grpc/grpc-js";
import type { AnalyzeRequest } from "@pulumi/pulumi/proto/analyzer_pb";
import { DEFAULTS_KEY, recordProviderDefaults } from "../analysis/programInputs";

type Handler = (call: { request: unknown }, callback: unknown) => unknown;

/** The request class may come from another copy of the SDK than ours: recognise it by shape. */
function isAnalyzeRequest(request: unknown): request is AnalyzeRequest {
    const r = request as Partial<AnalyzeRequest> | null;
    return typeof r?.getUrn === "function" && typeof r.getProperties === "function";
}

function defaultedKeysOf(request: AnalyzeRequest): string[] {
    const listed = request.getProperties()?.getFieldsMap().get(DEFAULTS_KEY)?.getListValue();
    return listed ? listed.getValuesList().map((v) => v.getStringValue()).filter((k) => k.length > 0) : [];
}

function recordingDefaults(remediate: Handler): Handler {
    return (call, callback) => {
        if (isAnalyzeRequest(call.request)) {
            recordProviderDefaults(call.request.getUrn(), defaultedKeysOf(call.request));
        }
        return remediate(call, callback);
    };
}

let installed = false;

/**
 * Wraps the `remediate` handler of the analyzer service the SDK registers when a `PolicyPack` is
 * constructed. Must run before that; idempotent.
 */
export function readProviderDefaultsFromRemediateRequests(): void {
    if (installed) {
        return;
    }
    installed = true;
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (this: grpc.Server, service: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void {
        const remediate: unknown = implementation.remediate;
        const wrapped = typeof remediate === "function" ? { ...implementation, remediate: recordingDefaults(remediate as Handler) } : implementation;
        addService.call(this, service, wrapped);
    };
}
