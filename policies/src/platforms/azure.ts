/**
 * Azure (`@pulumi/azure-native` 3.x): App Service app settings and connection strings (plain unless
 * the value is a `@Microsoft.KeyVault(...)` reference), Container Apps (`configuration.secrets[]` are
 * secrets; `env[].secretRef` references one, `env[].value` is plain), Container Instances
 * (`secureValue` vs `value`), and Key Vault secrets.
 */
import { PlainObject, UNKNOWN, asObject, asString, isUnknown } from "../analysis/values";
import { Place, PlaceTemplate, PlaceWords, PlatformModule, at, each, listPlaces, mapPlaces } from "./place";
import { AZURE } from "./type-tokens";

const APP_SERVICE_WORDS: PlaceWords = {
    platform: "Azure App Service",
    plainState: "a plain app setting",
    readableBy: "anyone with access to the app's Configuration page reads it",
    alternative: "Store it in Key Vault and set the app setting to a `@Microsoft.KeyVault(SecretUri=…)` reference.",
    secretAdjective: "a Key Vault reference",
};

const CONTAINER_APPS_WORDS: PlaceWords = {
    platform: "Azure Container Apps",
    plainState: "a plain container `env[].value`",
    readableBy: "anyone who can read the container app's template reads it",
    alternative: "Declare it in `configuration.secrets` (ideally with `keyVaultUrl`) and reference it with `env[].secretRef`.",
    secretAdjective: "secret",
};

const CONTAINER_INSTANCES_WORDS: PlaceWords = {
    platform: "Azure Container Instances",
    plainState: "a plain environment variable (`value`)",
    readableBy: "anyone who can read the container group sees it",
    alternative: "Use `secureValue` (or `secureValueReference`) instead of `value`.",
    secretAdjective: "secure",
};

/** The Key Vault reference syntax App Service resolves (syntax per secondary sources; see platform-sinks.md). */
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/i;

function withKeyVaultReferences(places: Place[]): Place[] {
    return places.map((place) => (typeof place.value === "string" && KEY_VAULT_REFERENCE.test(place.value) ? { ...place, class: "secret-reference", reference: place.value } : place));
}

const APP_SERVICE: PlaceTemplate = { class: "plain", words: APP_SERVICE_WORDS };

function webAppPlaces(props: PlainObject): Place[] {
    return withKeyVaultReferences([
        ...listPlaces(props, ["siteConfig", "appSettings"], { key: "name", value: "value" }, () => ({}), APP_SERVICE),
        ...listPlaces(props, ["siteConfig", "connectionStrings"], { key: "name", value: "connectionString" }, () => ({}), APP_SERVICE),
    ]);
}

function containerAppPlaces(props: PlainObject): Place[] {
    const template: PlaceTemplate = { class: "plain", words: CONTAINER_APPS_WORDS };
    const secrets = listPlaces(
        props,
        ["configuration", "secrets"],
        { key: "name", value: "value" },
        (entry) => (entry.keyVaultUrl !== undefined && entry.keyVaultUrl !== null ? { class: "secret-reference", value: null, reference: isUnknown(entry.keyVaultUrl) ? UNKNOWN : asString(entry.keyVaultUrl) } : { class: "secret" }),
        template,
    );
    const containers = at(props, ["template"]);
    const env = ["initContainers", "containers"].flatMap((list) =>
        each(asObject(containers)?.[list]).flatMap((container, c) =>
            listPlaces(container, ["env"], { key: "name", value: "value" }, (entry) => (entry.secretRef !== undefined && entry.secretRef !== null ? { class: "secret-reference", value: null, reference: isUnknown(entry.secretRef) ? UNKNOWN : asString(entry.secretRef) } : {}), template).map(
                (place): Place => ({ ...place, property: "template", where: `template.${list}[${c}].${place.where}`, valuePath: `template.${list}[${c}].${place.valuePath}` }),
            ),
        ),
    );
    return [...secrets, ...env];
}

function containerGroupPlaces(props: PlainObject): Place[] {
    return each(props.containers).flatMap((container, c) =>
        listPlaces(
            container,
            ["environmentVariables"],
            { key: "name", value: "value" },
            (entry) =>
                entry.secureValue !== undefined && entry.secureValue !== null
                    ? { class: "secret", value: entry.secureValue }
                    : entry.secureValueReference !== undefined && entry.secureValueReference !== null
                      ? { class: "secret-reference", value: null, reference: isUnknown(entry.secureValueReference) ? UNKNOWN : asString(entry.secureValueReference) }
                      : {},
            { class: "plain", words: CONTAINER_INSTANCES_WORDS },
        ).map((place): Place => ({ ...place, property: "containers", where: `containers[${c}].${place.where}`, valuePath: `containers[${c}].${place.valuePath}` })),
    );
}

function placesOf(type: string, props: PlainObject): Place[] {
    switch (type) {
        case AZURE.webApp:
        case AZURE.webAppSlot:
            return webAppPlaces(props);
        case AZURE.webAppApplicationSettings:
        case AZURE.webAppApplicationSettingsSlot:
            return withKeyVaultReferences(mapPlaces(props, ["properties"], APP_SERVICE));
        case AZURE.webAppConnectionStrings:
            return withKeyVaultReferences(mapPlaces(props, ["properties"], APP_SERVICE, "value"));
        case AZURE.containerApp:
        case AZURE.containerAppJob:
            return containerAppPlaces(props);
        case AZURE.containerGroup:
            return containerGroupPlaces(props);
        case AZURE.keyVaultSecret: {
            const value = at(props, ["properties", "value"]);
            return value === undefined || value === null
                ? []
                : [{ property: "properties", where: "", valuePath: "properties.value", key: asString(props.secretName) ?? "value", value: isUnknown(value) ? UNKNOWN : asString(value), class: "secret", secretPossible: true, build: false, soleValue: false, words: APP_SERVICE_WORDS }];
        }
        default:
            return [];
    }
}

export const azure: PlatformModule = {
    name: "azure",
    placeTypes: Object.values(AZURE),
    placesOf,
    secretStores: [{ type: AZURE.keyVaultSecret, namesOf: (props) => [asString(props.secretName)].filter((n): n is string => n !== undefined) }],
};
