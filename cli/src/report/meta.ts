/** The pack's policies as the report shows them: the SARIF rules' own metadata (`packRules`), so the two cannot drift apart. */
import { packRules } from "../preview/toSarif";
import { PolicyMeta } from "./model";

function metaOfRule(rule: ReturnType<typeof packRules>[number]): PolicyMeta {
    const severity = rule.properties?.severity;
    return {
        name: rule.id,
        severity: typeof severity === "string" ? severity : "",
        description: rule.shortDescription?.text ?? "",
        docsUrl: rule.helpUri ?? "",
        fix: rule.help?.text ?? "",
    };
}

/** Every policy of the pack, in the pack's order. */
export function packPolicies(): PolicyMeta[] {
    return packRules().map(metaOfRule);
}

/** The pack's policies, then any other policy the findings name (another pack's: no docs, no fix text of ours), by name. */
export function policiesOf(findingPolicies: Iterable<string>): PolicyMeta[] {
    const pack = packPolicies();
    const known = new Set(pack.map((p) => p.name));
    const others = [...new Set(findingPolicies)].filter((name) => !known.has(name)).sort();
    return [...pack, ...others.map((name) => ({ name, severity: "", description: "", docsUrl: "", fix: "" }))];
}
