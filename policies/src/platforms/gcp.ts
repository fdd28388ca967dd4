/**
 * Google Cloud (`@pulumi/gcp` 9.x): Cloud Run services and jobs (v1 and v2) and Cloud Functions (1st
 * and 2nd gen). A container's `envs[].value` is plain, `valueSource.secretKeyRef` /
 * `valueFrom.secretKeyRef` and `secretEnvironmentVariables` point at Secret Manager; build-time
 * variables reach a frontend build. A service's name says its stage (`api-prod`, `api-staging`).
 */
import { PlainObject, UNKNOWN, asObject, asString, isUnknown } from "../analysis/values";
import { Place, PlaceTemplate, PlaceWords, PlatformModule, at, each, listPlaces, mapPlaces, stagesFromName } from "./place";
import { GCP } from "./type-tokens";

const CLOUD_RUN_WORDS: PlaceWords = {
    platform: "Google Cloud Run",
    plainState: "a plain environment variable",
    readableBy: "anyone who can view the service's revisions reads it",
    alternative: "Store it in Secret Manager and reference it with `valueSource.secretKeyRef` (v2) or `valueFrom.secretKeyRef` (v1).",
    secretAdjective: "secret",
};

const FUNCTIONS_WORDS: PlaceWords = {
    platform: "Google Cloud Functions",
    plainState: "a plain runtime environment variable",
    readableBy: "anyone who can view the function reads it",
    alternative: "Store it in Secret Manager and reference it in `secretEnvironmentVariables`.",
    secretAdjective: "secret",
};

const BUILD_WORDS: PlaceWords = {
    ...CLOUD_RUN_WORDS,
    plainState: "a build-time environment variable",
    readableBy: "it is part of the build and of the service's configuration",
    alternative: "Keep credentials out of the build: read them at run time from Secret Manager.",
};

/** v2 `envs[]`: `value`, or `valueSource.secretKeyRef`; v1 `envs[]`: `value`, or `valueFrom.secretKeyRef`. */
function containerEnvPlaces(props: PlainObject, containersPath: readonly string[], template: PlaceTemplate): Place[] {
    const containers = at(props, containersPath);
    if (isUnknown(containers)) {
        return [{ property: containersPath[0], where: containersPath.join("."), valuePath: containersPath.join("."), key: UNKNOWN, value: UNKNOWN, class: UNKNOWN, secretPossible: true, build: false, soleValue: false, words: template.words, stages: template.stages, app: template.app }];
    }
    return each(containers).flatMap((container, c) =>
        listPlaces(
            container,
            ["envs"],
            { key: "name", value: "value" },
            (entry) => {
                const ref = asObject(asObject(entry.valueSource)?.secretKeyRef) ?? asObject(asObject(entry.valueFrom)?.secretKeyRef);
                if (ref) {
                    const secret = ref.secret ?? ref.name;
                    return { class: "secret-reference", value: null, reference: isUnknown(secret) ? UNKNOWN : asString(secret) };
                }
                return { class: "plain" };
            },
            template,
        ).map((place): Place => ({
            ...place,
            property: containersPath[0],
            where: `${containersPath.join(".")}[${c}].${place.where}`,
            valuePath: `${containersPath.join(".")}[${c}].${place.valuePath}`,
        })),
    );
}

function secretEnvPlaces(props: PlainObject, path: readonly string[], template: PlaceTemplate): Place[] {
    return listPlaces(props, path, { key: "key", value: "secret" }, (entry) => ({ class: "secret-reference", value: null, reference: isUnknown(entry.secret) ? UNKNOWN : asString(entry.secret) }), template);
}

function placesOf(type: string, props: PlainObject): Place[] {
    const named = stagesFromName(props.name);
    const run: PlaceTemplate = { class: "plain", words: CLOUD_RUN_WORDS, ...named };
    const build: PlaceTemplate = { class: "plain", words: BUILD_WORDS, build: true, ...named };
    const functions: PlaceTemplate = { class: "plain", words: FUNCTIONS_WORDS, ...named };
    switch (type) {
        case GCP.cloudRunV2Service:
            return [...containerEnvPlaces(props, ["template", "containers"], run), ...mapPlaces(props, ["buildConfig", "environmentVariables"], build)];
        case GCP.cloudRunV2Job:
            return containerEnvPlaces(props, ["template", "template", "containers"], run);
        case GCP.cloudRunService:
            return containerEnvPlaces(props, ["template", "spec", "containers"], run);
        case GCP.cloudFunctionsV2Function:
            return [
                ...mapPlaces(props, ["serviceConfig", "environmentVariables"], functions),
                ...secretEnvPlaces(props, ["serviceConfig", "secretEnvironmentVariables"], functions),
                ...mapPlaces(props, ["buildConfig", "environmentVariables"], { ...build, words: { ...BUILD_WORDS, platform: FUNCTIONS_WORDS.platform } }),
            ];
        case GCP.cloudFunctionsFunction:
            return [
                ...mapPlaces(props, ["environmentVariables"], functions),
                ...secretEnvPlaces(props, ["secretEnvironmentVariables"], functions),
                ...mapPlaces(props, ["buildEnvironmentVariables"], { ...build, words: { ...BUILD_WORDS, platform: FUNCTIONS_WORDS.platform } }),
            ];
        case GCP.secretManagerSecretVersion:
        case GCP.secretManagerRegionalSecretVersion:
            return ["secretData", "secretDataWo"].flatMap((property): Place[] => {
                const value = props[property];
                return value === undefined || value === null
                    ? []
                    : [{ property, where: "", valuePath: property, key: property, value: isUnknown(value) ? UNKNOWN : asString(value), class: "secret", secretPossible: true, build: false, soleValue: true, words: CLOUD_RUN_WORDS }];
            });
        default:
            return [];
    }
}

export const gcp: PlatformModule = {
    name: "gcp",
    placeTypes: [GCP.cloudRunV2Service, GCP.cloudRunV2Job, GCP.cloudRunService, GCP.cloudFunctionsV2Function, GCP.cloudFunctionsFunction, GCP.secretManagerSecretVersion, GCP.secretManagerRegionalSecretVersion],
    placesOf,
    secretStores: [
        { type: GCP.secretManagerSecretVersion, containerProperty: "secret" },
        { type: GCP.secretManagerRegionalSecretVersion, containerProperty: "secret" },
    ],
};
