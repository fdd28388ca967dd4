import { strict as assert } from "assert";
import { TYPES } from "../analysis/types";
import { UNKNOWN } from "../analysis/values";
import { vercelPlacesOf } from "./vercel";

// The rules' own specs run Vercel stacks end to end; these pin how variables become places.
describe("platform: vercel", () => {
    it("a sensitive or write-only variable is secret, a non-sensitive one plain, an unknown `sensitive` undecided", () => {
        const place = (props: Record<string, unknown>) => vercelPlacesOf(TYPES.projectEnvironmentVariable, { key: "K", value: "v", targets: ["production"], ...props } as never)[0];
        assert.equal(place({ sensitive: true }).class, "secret");
        assert.equal(place({ sensitive: false, valueWo: "v" }).class, "secret");
        assert.equal(place({ sensitive: false }).class, "plain");
        assert.equal(place({ sensitive: UNKNOWN }).class, UNKNOWN);
        assert.equal(place({ sensitive: false }).build, true);
    });

    it("development-only variables have no secret alternative (Vercel forbids sensitive there)", () => {
        const [dev] = vercelPlacesOf(TYPES.projectEnvironmentVariable, { key: "K", value: "v", sensitive: false, targets: ["development"] });
        assert.equal(dev.secretPossible, false);
        assert.deepEqual(dev.stages, ["development"]);
    });

    it("list entries carry their index and stages; custom environments count as `custom`", () => {
        const places = vercelPlacesOf(TYPES.projectEnvironmentVariables, { variables: [{ key: "A", value: "1", targets: ["preview"] }, { key: "B", value: "2", targets: [], customEnvironmentIds: ["env_1"] }] });
        assert.deepEqual(places.map((p) => [p.where, p.valuePath, p.stages]), [["variables[0]", "variables[0].value", ["preview"]], ["variables[1]", "variables[1].value", ["custom"]]]);
    });
});
