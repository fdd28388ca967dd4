import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PLATFORMS } from ".";
import { SDK_OF } from "./type-tokens";

/**
 * `sdk-type-tokens.excerpt.json` was recorded once from the SDK tarballs (`npm pack <sdk>@<version>`,
 * then every `__pulumiType = '…'` of their `.js` files that type-tokens.ts names, with the file it is
 * in). The SDKs are too big to be devDependencies; this keeps a typo in a token from turning a platform off.
 */
const EXCERPT = JSON.parse(fs.readFileSync(path.join(__dirname, "sdk-type-tokens.excerpt.json"), "utf8")) as Record<string, Record<string, string>>;

describe("platform type tokens", () => {
    for (const [group, { tokens, sdk }] of Object.entries(SDK_OF)) {
        it(`${group}: every token is a class of ${sdk}`, () => {
            const recorded = EXCERPT[sdk] ?? {};
            for (const token of Object.values(tokens)) {
                assert.ok(recorded[token], `${token} is not in the excerpt of ${sdk}`);
            }
        });
    }

    it("every type a platform module claims is one of the recorded tokens (or a Vercel SDK token)", () => {
        const recorded = new Set(Object.values(EXCERPT).flatMap((o) => Object.keys(o)));
        for (const platform of PLATFORMS.filter((p) => p.name !== "vercel")) {
            for (const type of [...platform.placeTypes, ...(platform.appTypes ?? []), ...(platform.readsTypes ?? []), ...platform.secretStores.map((s) => s.type)]) {
                assert.ok(recorded.has(type), `${platform.name}: ${type}`);
            }
        }
    });
});
