/**
 * DigitalOcean App Platform (`@pulumi/digitalocean` 4.x): `envs[]` of the app and of each component,
 * `type: "SECRET"` encrypted, `GENERAL` (the default) plain. Variables in build scope (`BUILD_TIME`,
 * `RUN_AND_BUILD_TIME`, the default) and every variable of a static site reach the frontend build.
 */
import { PlainObject, UNKNOWN, asObject, asString, isUnknown } from "../analysis/values";
import { Place, PlaceWords, PlatformModule, at, each, listPlaces } from "./place";
import { DIGITALOCEAN } from "./type-tokens";

const WORDS: PlaceWords = {
    platform: "DigitalOcean App Platform",
    plainState: "a GENERAL (plain) app variable",
    readableBy: "anyone with access to the app's settings can read it",
    alternative: "Give the variable `type: \"SECRET\"` (and `scope: \"RUN_TIME\"` when the build does not need it).",
    secretAdjective: "a SECRET",
};

const COMPONENTS: readonly string[] = ["services", "workers", "jobs", "functions", "staticSites"];

function envPlaces(envs: PlainObject, path: string, staticSite: boolean, app: string | undefined): Place[] {
    return listPlaces(
        envs,
        ["envs"],
        { key: "key", value: "value" },
        (entry) => {
            const type = entry.type;
            const scope = entry.scope;
            const build = staticSite || isUnknown(scope) || scope === undefined || scope === null || scope === "BUILD_TIME" || scope === "RUN_AND_BUILD_TIME";
            return { class: isUnknown(type) ? UNKNOWN : type === "SECRET" ? "secret" : "plain", build };
        },
        { class: "plain", words: WORDS, app },
    ).map((place): Place => ({ ...place, property: "spec", where: `${path}.${place.where}`, valuePath: `${path}.${place.valuePath}` }));
}

function placesOf(_type: string, props: PlainObject): Place[] {
    const spec = at(props, ["spec"]);
    if (isUnknown(spec)) {
        return [{ property: "spec", where: "spec", valuePath: "spec", key: UNKNOWN, value: UNKNOWN, class: UNKNOWN, secretPossible: true, build: true, soleValue: false, words: WORDS }];
    }
    const specObject = asObject(spec) ?? {};
    const app = asString(specObject.name);
    return [
        ...envPlaces(specObject, "spec", false, app),
        ...COMPONENTS.flatMap((component) => each(specObject[component]).flatMap((item, i) => envPlaces(item, `spec.${component}[${i}]`, component === "staticSites", app))),
    ];
}

export const digitalocean: PlatformModule = {
    name: "digitalocean",
    placeTypes: [DIGITALOCEAN.app],
    placesOf,
    secretStores: [],
};
