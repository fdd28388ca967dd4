/**
 * api.vercel.com as the real provider calls it (terraform-provider-vercel v3.16.0 under
 * `@pulumiverse/vercel` 5.4.1, no team): projects, project environment variables (one or several per
 * request), shared environment variables and firewall configs.
 *
 * Replies carry every object the provider dereferences (a project without `resourceConfig` panics
 * it) and echo what was sent, so that the provider's next plan shows no change. A sensitive
 * variable's value is never returned, as on Vercel; any other type's is, in plaintext.
 */
import { randomInt } from "crypto";
import { alphanumeric } from "./credentials";
import { RecordedRequest, Reply, Router, jsonBody, objectBody } from "./http";
import { PlatformPlace, Service, notFound } from "./service";

export interface VercelProject {
    id: string;
    name: string;
    accountId: string;
    /** Every field the program set, as last sent (POST, then PATCH). */
    settings: Record<string, unknown>;
    createdAt: number;
}

export interface VercelVariable {
    id: string;
    projectId: string;
    key: string;
    value: string;
    target: string[];
    type: string;
    comment: string;
    gitBranch?: string;
    customEnvironmentIds: string[];
    createdAt: number;
}

export interface SharedVariable {
    id: string;
    key: string;
    value: string;
    type: string;
    target: string[];
    projectId: string[];
    comment: string;
    applyToAllCustomEnvironments: boolean;
}

export interface FirewallConfig {
    projectId: string;
    firewallEnabled: boolean;
    rules: Record<string, unknown>[];
    ips: Record<string, unknown>[];
}

/** Prefixes web frameworks inline into the browser bundle (Next.js, Vite, Create React App, Nuxt, SvelteKit and Astro, Gatsby, Expo, Vue CLI, Storybook, Redwood, Sanity). */
const BROWSER_PREFIXES = ["NEXT_PUBLIC_", "VITE_", "REACT_APP_", "NUXT_PUBLIC_", "PUBLIC_", "GATSBY_", "EXPO_PUBLIC_", "VUE_APP_", "STORYBOOK_", "REDWOOD_ENV_", "SANITY_STUDIO_"];

const ok = (json: unknown): Reply => ({ status: 200, json });

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function variableJson(variable: VercelVariable): Record<string, unknown> {
    const sensitive = variable.type === "sensitive";
    return {
        id: variable.id,
        key: variable.key,
        value: sensitive ? "" : variable.value,
        decrypted: !sensitive,
        target: variable.target,
        type: variable.type,
        comment: variable.comment,
        customEnvironmentIds: variable.customEnvironmentIds,
        ...(variable.gitBranch !== undefined ? { gitBranch: variable.gitBranch } : {}),
        createdAt: variable.createdAt,
        updatedAt: variable.createdAt,
    };
}

function sharedJson(variable: SharedVariable): Record<string, unknown> {
    const { value, ...rest } = variable;
    return { ...rest, value: variable.type === "sensitive" ? "" : value };
}

export class VercelService implements Service {
    readonly hosts = ["api.vercel.com"] as const;
    readonly router = new Router();
    readonly projects = new Map<string, VercelProject>();
    readonly variables = new Map<string, VercelVariable>();
    readonly shared = new Map<string, SharedVariable>();
    readonly firewalls = new Map<string, FirewallConfig>();

    constructor() {
        this.router
            .on("POST", "/v8/projects", (r) => this.createProject(r))
            .on("GET", "/v10/projects/:project", (_r, p) => this.withProject(p.project, (project) => ok(this.projectJson(project))))
            .on("PATCH", "/v9/projects/:project", (r, p) => this.withProject(p.project, (project) => this.updateProject(project, r)))
            .on("DELETE", "/v8/projects/:project", (_r, p) => this.deleteProject(p.project))
            .on("GET", "/v8/projects/:project/env", (_r, p) => this.withProject(p.project, (project) => ok({ envs: this.variablesOf(project.id).map(variableJson) })))
            .on("POST", "/v10/projects/:project/env", (r, p) => this.withProject(p.project, (project) => this.createVariables(project, r)))
            .on("GET", "/v10/projects/:project/env/:env", (_r, p) => this.withVariable(p.project, p.env, (variable) => ok(variableJson(variable))))
            .on("PATCH", "/v10/projects/:project/env/:env", (r, p) => this.withVariable(p.project, p.env, (variable) => this.updateVariable(variable, r)))
            .on("DELETE", "/v8/projects/:project/env/:env", (_r, p) => this.withVariable(p.project, p.env, (variable) => (this.variables.delete(variable.id), ok({}))))
            .on("POST", "/v1/env", (r) => this.createShared(r))
            .on("GET", "/v1/env/:id", (_r, p) => this.withShared(p.id, (variable) => ok(sharedJson(variable))))
            .on("PATCH", "/v1/env", (r) => this.updateShared(r))
            .on("DELETE", "/v1/env", (r) => this.deleteShared(r))
            .on("PUT", "/v1/security/firewall/config", (r) => this.putFirewall(r))
            .on("GET", "/v1/security/firewall/config/active", (r) => this.getFirewall(r));
    }

    private projectJson(project: VercelProject): Record<string, unknown> {
        // What the provider sent, over the defaults the real API returns for a project created with a name only.
        return {
            autoAssignCustomDomains: true,
            gitForkProtection: true,
            enableAffectedProjectsDeployments: false,
            ssoProtection: { deploymentType: "all_except_custom_domains" },
            oidcTokenConfig: { enabled: true, issuerMode: "team" },
            resourceConfig: {},
            ...project.settings,
            id: project.id,
            name: project.name,
            accountId: project.accountId,
            createdAt: project.createdAt,
            updatedAt: project.createdAt,
        };
    }

    /** Sent fields that are set (the provider sends `null` for what the program left unset). */
    private static setFields(body: Record<string, unknown>): Record<string, unknown> {
        return Object.fromEntries(Object.entries(body).filter(([key, value]) => value !== null && key !== "name" && key !== "environmentVariables"));
    }

    private createProject(request: RecordedRequest): Reply {
        const body = objectBody(request);
        const project: VercelProject = {
            id: `prj_${alphanumeric(28)}`,
            name: String(body.name ?? ""),
            accountId: `team_${alphanumeric(24)}`,
            settings: VercelService.setFields(body),
            createdAt: Date.now(),
        };
        this.projects.set(project.id, project);
        return ok(this.projectJson(project));
    }

    private updateProject(project: VercelProject, request: RecordedRequest): Reply {
        const body = objectBody(request);
        if (typeof body.name === "string") {
            project.name = body.name;
        }
        // A field sent as null is unset again.
        for (const [key, value] of Object.entries(body)) {
            if (key === "name") {
                continue;
            }
            if (value === null) {
                delete project.settings[key];
            } else {
                project.settings[key] = value;
            }
        }
        return ok(this.projectJson(project));
    }

    private deleteProject(id: string): Reply {
        this.projects.delete(id);
        for (const variable of this.variablesOf(id)) {
            this.variables.delete(variable.id);
        }
        this.firewalls.delete(id);
        return { status: 204 };
    }

    private withProject(id: string, then: (project: VercelProject) => Reply): Reply {
        const project = this.projects.get(id);
        return project ? then(project) : notFound(`Project not found: ${id}`);
    }

    private variablesOf(projectId: string): VercelVariable[] {
        return [...this.variables.values()].filter((v) => v.projectId === projectId);
    }

    private newVariable(projectId: string, item: Record<string, unknown>): VercelVariable {
        const variable: VercelVariable = {
            id: alphanumeric(16),
            projectId,
            key: String(item.key ?? ""),
            value: String(item.value ?? ""),
            target: strings(item.target),
            type: String(item.type ?? "encrypted"),
            comment: String(item.comment ?? ""),
            customEnvironmentIds: strings(item.customEnvironmentIds),
            createdAt: Date.now(),
        };
        if (typeof item.gitBranch === "string") {
            variable.gitBranch = item.gitBranch;
        }
        this.variables.set(variable.id, variable);
        return variable;
    }

    /** One variable (an object: `{"created": {…}}`) or several (an array: `{"created": […]}`). */
    private createVariables(project: VercelProject, request: RecordedRequest): Reply {
        const body = jsonBody(request);
        if (Array.isArray(body)) {
            const created = body.filter((item): item is Record<string, unknown> => item !== null && typeof item === "object").map((item) => variableJson(this.newVariable(project.id, item)));
            return ok({ created, failed: [] });
        }
        return ok({ created: variableJson(this.newVariable(project.id, body ?? {})), failed: [] });
    }

    private withVariable(projectId: string, id: string, then: (variable: VercelVariable) => Reply): Reply {
        const variable = this.variables.get(id);
        return variable && variable.projectId === projectId ? then(variable) : notFound(`Environment variable not found: ${id}`);
    }

    private updateVariable(variable: VercelVariable, request: RecordedRequest): Reply {
        const body = objectBody(request);
        if (typeof body.value === "string") {
            variable.value = body.value;
        }
        if (Array.isArray(body.target)) {
            variable.target = strings(body.target);
        }
        if (typeof body.type === "string") {
            variable.type = body.type;
        }
        if (typeof body.comment === "string") {
            variable.comment = body.comment;
        }
        return ok(variableJson(variable));
    }

    private createShared(request: RecordedRequest): Reply {
        const body = objectBody(request);
        const created = (Array.isArray(body.evs) ? body.evs : [])
            .filter((item): item is Record<string, unknown> => item !== null && typeof item === "object")
            .map((item) => {
                const variable: SharedVariable = {
                    id: `env_${alphanumeric(20)}`,
                    key: String(item.key ?? ""),
                    value: String(item.value ?? ""),
                    type: String(body.type ?? "encrypted"),
                    target: strings(body.target),
                    projectId: strings(body.projectId),
                    comment: String(item.comment ?? ""),
                    applyToAllCustomEnvironments: body.applyToAllCustomEnvironments === true,
                };
                this.shared.set(variable.id, variable);
                return sharedJson(variable);
            });
        return ok({ created, failed: [] });
    }

    private withShared(id: string, then: (variable: SharedVariable) => Reply): Reply {
        const variable = this.shared.get(id);
        return variable ? then(variable) : notFound(`Shared environment variable not found: ${id}`);
    }

    private updateShared(request: RecordedRequest): Reply {
        const updates = objectBody(request).updates;
        const updated: Record<string, unknown>[] = [];
        for (const [id, change] of Object.entries(updates !== null && typeof updates === "object" ? updates : {})) {
            const variable = this.shared.get(id);
            if (!variable || change === null || typeof change !== "object") {
                return notFound(`Shared environment variable not found: ${id}`);
            }
            const c = change as Record<string, unknown>;
            variable.value = typeof c.value === "string" ? c.value : variable.value;
            variable.type = typeof c.type === "string" ? c.type : variable.type;
            variable.target = Array.isArray(c.target) ? strings(c.target) : variable.target;
            variable.projectId = Array.isArray(c.projectId) ? strings(c.projectId) : variable.projectId;
            variable.comment = typeof c.comment === "string" ? c.comment : variable.comment;
            updated.push(sharedJson(variable));
        }
        return ok({ updated, failed: [] });
    }

    private deleteShared(request: RecordedRequest): Reply {
        const ids = strings(objectBody(request).ids);
        ids.forEach((id) => this.shared.delete(id));
        return ok({ deleted: ids });
    }

    private putFirewall(request: RecordedRequest): Reply {
        const projectId = request.query.get("projectId") ?? "";
        if (!this.projects.has(projectId)) {
            return notFound(`Project not found: ${projectId}`);
        }
        const body = objectBody(request);
        if (body.firewallEnabled === false && body.rules === undefined) {
            // How the provider deletes a firewall config.
            this.firewalls.delete(projectId);
            return ok({ active: { firewallEnabled: false, rules: [], ips: [] } });
        }
        const previous = this.firewalls.get(projectId);
        const withIds = (items: unknown, prefix: string): Record<string, unknown>[] =>
            (Array.isArray(items) ? items : [])
                .filter((item): item is Record<string, unknown> => item !== null && typeof item === "object")
                .map((item, i) => ({ ...item, id: typeof item.id === "string" && item.id !== "" ? item.id : (previous?.rules[i]?.id as string | undefined) ?? `${prefix}_${alphanumeric(12)}` }));
        const config: FirewallConfig = { projectId, firewallEnabled: body.firewallEnabled === true, rules: withIds(body.rules, "rule"), ips: withIds(body.ips, "ip") };
        this.firewalls.set(projectId, config);
        return ok({ active: this.firewallJson(config) });
    }

    private getFirewall(request: RecordedRequest): Reply {
        const config = this.firewalls.get(request.query.get("projectId") ?? "");
        return config ? ok(this.firewallJson(config)) : notFound("Firewall config not found");
    }

    private firewallJson(config: FirewallConfig): Record<string, unknown> {
        return { firewallEnabled: config.firewallEnabled, rules: config.rules, ips: config.ips, version: randomInt(1, 1000) };
    }

    /**
     * Changes the variables of a key as a person in the Vercel dashboard would, behind Pulumi's back
     * (make a sensitive variable plain); `pulumi refresh` then reads the change.
     */
    changeVariables(key: string, change: Partial<Pick<VercelVariable, "type" | "target">>): number {
        const matching = [...this.variables.values()].filter((v) => v.key === key);
        matching.forEach((v) => Object.assign(v, change));
        return matching.length;
    }

    placesIn(request: RecordedRequest): PlatformPlace[] {
        const body = jsonBody(request);
        if (request.method === "POST" && /^\/v10\/projects\/[^/]+\/env$/.test(request.path)) {
            const items = Array.isArray(body) ? body : body ? [body] : [];
            return items.filter((item): item is Record<string, unknown> => item !== null && typeof item === "object").map((item) => this.variablePlace(item.key, item.type, item.target, item.value));
        }
        const update = /^\/v10\/projects\/[^/]+\/env\/([^/]+)$/.exec(request.path);
        if (request.method === "PATCH" && update && body && !Array.isArray(body)) {
            const known = this.variables.get(update[1]);
            return [this.variablePlace(known?.key ?? "(unknown key)", body.type ?? known?.type, body.target ?? known?.target, body.value)];
        }
        if ((request.method === "POST" || request.method === "PATCH") && request.path === "/v1/env" && body && !Array.isArray(body)) {
            const evs = Array.isArray(body.evs) ? body.evs : [];
            const updates = body.updates !== null && typeof body.updates === "object" ? Object.entries(body.updates as Record<string, Record<string, unknown>>) : [];
            return [
                ...evs.map((ev: Record<string, unknown>) => this.variablePlace(ev.key, body.type, body.target, ev.value, "Vercel shared variable")),
                ...updates.map(([id, change]) => this.variablePlace(this.shared.get(id)?.key ?? "(unknown key)", change.type, change.target, change.value, "Vercel shared variable")),
            ];
        }
        if (request.path.startsWith("/v8/projects") || request.path.startsWith("/v9/projects") || request.path.startsWith("/v1/security/firewall")) {
            // A project's settings (its build command among them) and a firewall config are shown to everyone on the project.
            return request.body === "" ? [] : [{ label: `Vercel ${request.path.includes("firewall") ? "firewall config" : "project settings"}`, kind: "plain", text: request.body }];
        }
        return [];
    }

    private variablePlace(key: unknown, type: unknown, target: unknown, value: unknown, what = "Vercel variable"): PlatformPlace {
        const name = typeof key === "string" ? key : "(no key)";
        const targets = strings(target);
        const label = `${what} ${name}${targets.length > 0 ? ` (${targets.join(", ")})` : ""}`;
        const exposed = BROWSER_PREFIXES.some((prefix) => name.toUpperCase().startsWith(prefix));
        const kind = exposed ? "client-exposed" : type === "sensitive" ? "secret" : "plain";
        return { label, kind, text: typeof value === "string" ? value : "" };
    }

    inventory(): Record<string, number> {
        return { "vercel project": this.projects.size, "vercel variable": this.variables.size, "vercel shared variable": this.shared.size, "vercel firewall config": this.firewalls.size };
    }
}
