/** What the pack's config schema accepts in `exemptions`, read from the schema itself so the two cannot drift apart. */
import { exemptionsProperty } from "../../../policies/src/framework/config";

interface ExemptionsSchema {
    maxItems: number;
    items: { properties: { resource: { maxLength: number }; reason: { maxLength: number } } };
}

const schema = exemptionsProperty({}).exemptions as unknown as ExemptionsSchema;

/** The most exemptions one policy accepts. */
export const MAX_EXEMPTIONS: number = schema.maxItems;
/** The longest `resource` (name or URN) an exemption may have. */
export const MAX_RESOURCE_LENGTH: number = schema.items.properties.resource.maxLength;
/** The longest `reason` an exemption may have. */
export const MAX_REASON_LENGTH: number = schema.items.properties.reason.maxLength;
