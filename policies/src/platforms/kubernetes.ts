/**
 * Kubernetes (`@pulumi/kubernetes` 4.x): `Secret` data is a secret store, `ConfigMap` data is plain,
 * and every workload's containers take `env[].value` (plain) or `env[].valueFrom.secretKeyRef` (a
 * reference to a Secret). A namespace whose name says the stage (`shop-prod`, `staging`) gives the
 * stage; the workload's name is the app.
 */
import { PlainObject, UNKNOWN, asObject, asString, isUnknown } from "../analysis/values";
import { Place, PlaceTemplate, PlaceWords, PlatformModule, at, each, listPlaces, mapPlaces, stagesFromName } from "./place";
import { KUBERNETES } from "./type-tokens";

const ENV_WORDS: PlaceWords = {
    platform: "Kubernetes",
    plainState: "a plain container `env[].value`",
    readableBy: "anyone who can read the workload's spec reads it",
    alternative: "Put it in a Kubernetes Secret and reference it with `env[].valueFrom.secretKeyRef` (or `envFrom[].secretRef`).",
    secretAdjective: "secret",
};

const CONFIG_MAP_WORDS: PlaceWords = {
    ...ENV_WORDS,
    plainState: "a ConfigMap entry",
    readableBy: "ConfigMaps are not secret: anyone who can read the namespace's configuration reads it",
    alternative: "Move it to a Kubernetes Secret and reference it with `secretKeyRef` (or `envFrom[].secretRef`).",
};

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
    [KUBERNETES.pod, ["spec"]],
    [KUBERNETES.deployment, ["spec", "template", "spec"]],
    [KUBERNETES.deploymentPatch, ["spec", "template", "spec"]],
    [KUBERNETES.statefulSet, ["spec", "template", "spec"]],
    [KUBERNETES.daemonSet, ["spec", "template", "spec"]],
    [KUBERNETES.replicaSet, ["spec", "template", "spec"]],
    [KUBERNETES.job, ["spec", "template", "spec"]],
    [KUBERNETES.cronJob, ["spec", "jobTemplate", "spec", "template", "spec"]],
]);

function workloadPlaces(props: PlainObject, specPath: readonly string[], template: PlaceTemplate): Place[] {
    const spec = at(props, specPath);
    if (isUnknown(spec)) {
        return [{ property: specPath[0], where: specPath.join("."), valuePath: specPath.join("."), key: UNKNOWN, value: UNKNOWN, class: UNKNOWN, secretPossible: true, build: false, soleValue: false, words: ENV_WORDS, stages: template.stages, app: template.app }];
    }
    const specObject = asObject(spec) ?? {};
    return ["initContainers", "containers"].flatMap((list) =>
        each(specObject[list]).flatMap((container, c) =>
            listPlaces(
                container,
                ["env"],
                { key: "name", value: "value" },
                (entry) => {
                    const valueFrom = entry.valueFrom;
                    if (isUnknown(valueFrom)) {
                        return { class: UNKNOWN, value: UNKNOWN };
                    }
                    const secretRef = asObject(asObject(valueFrom)?.secretKeyRef);
                    if (secretRef) {
                        return { class: "secret-reference", value: null, reference: isUnknown(secretRef.name) ? UNKNOWN : asString(secretRef.name) };
                    }
                    // A ConfigMap key reference carries no value here; the ConfigMap's own entry is checked.
                    return valueFrom === undefined || valueFrom === null ? { class: "plain" } : undefined;
                },
                template,
            ).map((place): Place => {
                const prefix = `${specPath.join(".")}.${list}[${c}]`;
                return { ...place, property: specPath[0], where: `${prefix}.${place.where}`, valuePath: `${prefix}.${place.valuePath}` };
            }),
        ),
    );
}

function decodedBase64(value: string | typeof UNKNOWN | undefined): string | typeof UNKNOWN | undefined {
    return typeof value === "string" ? Buffer.from(value, "base64").toString("utf8") : value;
}

function placesOf(type: string, props: PlainObject): Place[] {
    const metadata = asObject(props.metadata) ?? {};
    const named = stagesFromName(metadata.namespace);
    const app = asString(asObject(metadata.labels)?.app) ?? asString(metadata.name);
    const template: PlaceTemplate = { class: "plain", words: ENV_WORDS, stages: named.stages, app };
    const specPath = POD_SPEC_PATHS.get(type);
    if (specPath) {
        return workloadPlaces(props, specPath, template);
    }
    if (type === KUBERNETES.configMap || type === KUBERNETES.configMapPatch) {
        return [...mapPlaces(props, ["data"], { ...template, words: CONFIG_MAP_WORDS }), ...mapPlaces(props, ["binaryData"], { ...template, words: CONFIG_MAP_WORDS }).map((p) => ({ ...p, value: decodedBase64(p.value) }))];
    }
    // Secret: `data` is base64, `stringData` plain text; both are the store's values.
    return [
        ...mapPlaces(props, ["data"], { ...template, class: "secret" }).map((p) => ({ ...p, value: decodedBase64(p.value) })),
        ...mapPlaces(props, ["stringData"], { ...template, class: "secret" }),
    ];
}

function secretNames(props: PlainObject): string[] {
    const name = asString(asObject(props.metadata)?.name);
    return name ? [name] : [];
}

export const kubernetes: PlatformModule = {
    name: "kubernetes",
    placeTypes: [...POD_SPEC_PATHS.keys(), KUBERNETES.configMap, KUBERNETES.configMapPatch, KUBERNETES.secret, KUBERNETES.secretPatch],
    placesOf,
    secretStores: [
        { type: KUBERNETES.secret, namesOf: secretNames },
        { type: KUBERNETES.secretPatch, namesOf: secretNames },
    ],
};
