/**
 * Docker (`@pulumi/docker` 5.x, `@pulumi/docker-build`): container `envs` (`KEY=VALUE` strings) and
 * Swarm service `env` are plain; image build arguments persist in the image and reach a frontend build;
 * `docker.Secret` and docker-build `secrets` (BuildKit) are secrets.
 */
import { PlainObject, UNKNOWN, asArray, asString, isUnknown } from "../analysis/values";
import { Place, PlaceWords, PlatformModule, mapPlaces } from "./place";
import { DOCKER } from "./type-tokens";

const WORDS: PlaceWords = {
    platform: "Docker",
    plainState: "a plain container environment variable",
    readableBy: "anyone who can inspect the container reads it",
    alternative: "Mount it as a docker.Secret (Swarm services) or read it at run time from a secret store; never bake it into the container's environment.",
    secretAdjective: "secret",
};

const BUILD_WORDS: PlaceWords = {
    ...WORDS,
    plainState: "an image build argument",
    readableBy: "build arguments persist in the image's metadata and history, readable by anyone who pulls it",
    alternative: "Pass it as a BuildKit secret (docker-build `secrets`) and never as a build argument.",
};

function containerEnvPlaces(props: PlainObject): Place[] {
    const envs = props.envs;
    const base = { property: "envs", class: "plain" as const, secretPossible: true, build: false, soleValue: false, words: WORDS };
    if (isUnknown(envs)) {
        return [{ ...base, where: "envs", valuePath: "envs", key: UNKNOWN, value: UNKNOWN, class: UNKNOWN }];
    }
    return asArray(envs).flatMap((item, i): Place[] => {
        if (isUnknown(item)) {
            return [{ ...base, where: `envs[${i}]`, valuePath: `envs[${i}]`, key: UNKNOWN, value: UNKNOWN }];
        }
        const text = asString(item);
        const eq = text === undefined ? -1 : text.indexOf("=");
        return text === undefined || eq <= 0 ? [] : [{ ...base, where: `envs[${i}]`, valuePath: `envs[${i}]`, key: text.slice(0, eq), value: text.slice(eq + 1) }];
    });
}

function placesOf(type: string, props: PlainObject): Place[] {
    switch (type) {
        case DOCKER.container:
            return containerEnvPlaces(props);
        case DOCKER.service:
            return mapPlaces(props, ["taskSpec", "containerSpec", "env"], { class: "plain", words: WORDS });
        case DOCKER.image:
            return mapPlaces(props, ["build", "args"], { class: "plain", words: BUILD_WORDS, build: true });
        case DOCKER.buildImage:
            return [...mapPlaces(props, ["buildArgs"], { class: "plain", words: BUILD_WORDS, build: true }), ...mapPlaces(props, ["secrets"], { class: "secret", words: BUILD_WORDS })];
        case DOCKER.secret:
            return props.data === undefined || props.data === null
                ? []
                : [{ property: "data", where: "", valuePath: "data", key: asString(props.name) ?? "data", value: isUnknown(props.data) ? UNKNOWN : decoded(asString(props.data)), class: "secret", secretPossible: true, build: false, soleValue: true, words: WORDS }];
        default:
            return [];
    }
}

function decoded(value: string | undefined): string | undefined {
    return value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8");
}

export const docker: PlatformModule = {
    name: "docker",
    placeTypes: [DOCKER.container, DOCKER.service, DOCKER.image, DOCKER.buildImage, DOCKER.secret],
    placesOf,
    secretStores: [{ type: DOCKER.secret, namesOf: (props) => [asString(props.name)].filter((n): n is string => n !== undefined) }],
};
