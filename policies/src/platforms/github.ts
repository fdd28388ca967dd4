/**
 * GitHub Actions (`@pulumi/github` 6.x): secrets (repository, environment, organisation, Dependabot)
 * are encrypted and write-only; variables are plain and print unmasked in logs. An environment whose
 * name says the stage (`production`, `staging`) gives the stage; the repository is the app.
 */
import { PlainObject, UNKNOWN, asString, isUnknown } from "../analysis/values";
import { Place, PlaceWords, PlatformModule, stagesFromName } from "./place";
import { GITHUB } from "./type-tokens";

const WORDS: PlaceWords = {
    platform: "GitHub Actions",
    plainState: "an Actions variable",
    readableBy: "variables render unmasked in workflow logs and anyone with read access to the repository sees them",
    alternative: "Use an Actions secret instead (github.ActionsSecret, ActionsEnvironmentSecret or ActionsOrganizationSecret).",
    secretAdjective: "secret",
};

const SECRET_TYPES: readonly string[] = [GITHUB.actionsSecret, GITHUB.actionsEnvironmentSecret, GITHUB.actionsOrganizationSecret, GITHUB.dependabotSecret];
const VARIABLE_TYPES: readonly string[] = [GITHUB.actionsVariable, GITHUB.actionsEnvironmentVariable, GITHUB.actionsOrganizationVariable];

function placesOf(type: string, props: PlainObject): Place[] {
    const secret = SECRET_TYPES.includes(type);
    const nameProperty = secret ? "secretName" : "variableName";
    const environment = props.environment;
    const staged = environment === undefined || environment === null ? {} : stagesFromName(environment);
    const base = {
        where: "",
        key: isUnknown(props[nameProperty]) ? UNKNOWN : asString(props[nameProperty]) ?? "",
        secretPossible: true,
        build: false,
        soleValue: true,
        stages: staged.stages,
        app: asString(props.repository),
        words: WORDS,
    };
    const properties = secret ? ["value", "plaintextValue"] : ["value"];
    return properties.flatMap((property): Place[] => {
        const value = props[property];
        return value === undefined || value === null ? [] : [{ ...base, property, valuePath: property, value: isUnknown(value) ? UNKNOWN : asString(value), class: secret ? "secret" : "plain" }];
    });
}

export const github: PlatformModule = {
    name: "github",
    placeTypes: [...SECRET_TYPES, ...VARIABLE_TYPES],
    placesOf,
    secretStores: SECRET_TYPES.map((type) => ({ type })),
};
