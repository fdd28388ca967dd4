// `@pulumi/policy` 1.21 exports these at runtime (and re-exports them from its index) but ships an
// empty `proxy.d.ts`, so without this declaration they would be untyped.
import "@pulumi/policy/proxy";

declare module "@pulumi/policy/proxy" {
    export class UnknownValueError extends Error {
        readonly unknownTypeSentinel: string;
        readonly props: PropertyKey[];
        constructor(unknownTypeSentinel: string, props: PropertyKey[]);
    }
    export function unknownCheckingProxy<T>(toProxy: T): T;
    export const unknownStringValue: string;
    export const unknownBooleanValue: string;
    export const unknownNumberValue: string;
    export const unknownArrayValue: string;
    export const unknownObjectValue: string;
}
