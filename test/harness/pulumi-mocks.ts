/**
 * Pulumi's own test mocks (`pulumi.runtime.setMocks`) for the components' unit specs: every resource
 * a component registers is recorded with its inputs, and custom resources get the outputs a create
 * would return (an id, and an endpoint and fake credentials for a Redis database).
 */
import * as pulumi from "@pulumi/pulumi";
import { fakeCredentials } from "./fake-credentials";

export interface Registered {
    type: string;
    name: string;
    custom: boolean;
    /** Inputs as the program gave them, secrets unwrapped. */
    inputs: Record<string, unknown>;
    /** Top-level inputs that reached the engine as secrets. */
    secretInputs: string[];
}

/** Pulumi's wire envelope for a secret (`{"4dabf…": "1b470…", value}`). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function unwrapped(inputs: Record<string, unknown>): { inputs: Record<string, unknown>; secretInputs: string[] } {
    const out: Record<string, unknown> = {};
    const secretInputs: string[] = [];
    for (const [key, value] of Object.entries(inputs)) {
        const envelope = typeof value === "object" && value !== null && SECRET_SIG in value ? (value as unknown as { value: unknown }) : undefined;
        out[key] = envelope ? envelope.value : value;
        if (envelope) {
            secretInputs.push(key);
        }
    }
    return { inputs: out, secretInputs };
}

/** Fake credentials the mocked Redis databases return, to check where they go. */
export const MOCK_CREDENTIALS = fakeCredentials(15);

/** Starts a mocked stack; returns the list that fills as resources register. */
export async function mockStack(stack: string): Promise<Registered[]> {
    const registered: Registered[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, custom: args.custom ?? true, ...unwrapped(args.inputs as Record<string, unknown>) });
                const created = args.type === "upstash:index/redisDatabase:RedisDatabase"
                    ? { endpoint: `${String(args.inputs.databaseName)}-41823.upstash.io`, restToken: MOCK_CREDENTIALS.restToken, readOnlyRestToken: MOCK_CREDENTIALS.readOnlyRestToken, password: MOCK_CREDENTIALS.password }
                    : {};
                return { id: `${args.name}-id`, state: { ...args.inputs, ...created } };
            },
            call: (args) => args.inputs as Record<string, unknown>,
        },
        "shop",
        stack,
        false,
    );
    return registered;
}

/** An output's value and whether it is secret. */
export async function settled<T>(output: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
    const [value, secret] = await Promise.all([
        new Promise<T>((resolve) => output.apply((v) => resolve(v))),
        pulumi.isSecret(output),
    ]);
    return { value, secret };
}

/** Waits until every registration the components started has reached the mocks (the SDK drains its RPC queue). */
export async function registrations(): Promise<void> {
    await pulumi.runtime.disconnect();
}
