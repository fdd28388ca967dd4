/**
 * AWS (`@pulumi/aws` 7.x): Lambda environment variables, ECS container definitions (a JSON string:
 * `environment` is plain, `secrets[].valueFrom` a reference), App Runner runtime variables and
 * secrets, Amplify build variables (apps and branches; a branch's `stage` says its stage), SSM
 * parameters by `type`, Secrets Manager; and WAFv2 rate-based rules in front of Lambda functions.
 */
import { resourceLabel } from "../analysis/describe";
import { PlainObject, PlainValue, UNKNOWN, Unknown, asArray, asObject, asString, isUnknown } from "../analysis/values";
import { protectionThroughFrontDoors } from "./frontDoors";
import { IndexedResource, Place, PlaceWords, PlatformModule, Protection, Stage, each, mapPlaces } from "./place";
import { AWS } from "./type-tokens";

const SECRETS_MANAGER_ADVICE = "Store it in AWS Secrets Manager (or an SSM SecureString parameter)";

const LAMBDA_WORDS: PlaceWords = {
    platform: "AWS Lambda",
    plainState: "a plain Lambda environment variable",
    readableBy: "anyone who can read the function's configuration sees it",
    alternative: `${SECRETS_MANAGER_ADVICE}, put the secret's ARN in the variable, and read the value at run time (the AWS Parameters and Secrets Lambda extension caches it).`,
    secretAdjective: "secret",
};

const ECS_WORDS: PlaceWords = {
    platform: "Amazon ECS",
    plainState: "a plain `environment` entry of the container definition",
    readableBy: "anyone who can describe the task definition reads it",
    alternative: `${SECRETS_MANAGER_ADVICE} and pass it with the container's \`secrets[].valueFrom\` instead of \`environment\`.`,
    secretAdjective: "secret",
};

const APP_RUNNER_WORDS: PlaceWords = {
    platform: "AWS App Runner",
    plainState: "a plain runtime environment variable",
    readableBy: "anyone who can describe the service reads it",
    alternative: `${SECRETS_MANAGER_ADVICE} and reference its ARN in \`runtimeEnvironmentSecrets\`.`,
    secretAdjective: "secret",
};

const AMPLIFY_WORDS: PlaceWords = {
    platform: "AWS Amplify",
    plainState: "a plain Amplify environment variable",
    readableBy: "anyone with access to the app or its deployment artifacts can read it",
    alternative: `${SECRETS_MANAGER_ADVICE} and read it in server code at run time; Amplify build variables are not secrets.`,
    secretAdjective: "secret",
};

const SSM_WORDS: PlaceWords = {
    platform: "AWS Systems Manager",
    plainState: "a `String` parameter (not encrypted)",
    readableBy: "anyone with ssm:GetParameter reads it",
    alternative: "Use `type: \"SecureString\"` (or Secrets Manager).",
    secretAdjective: "a SecureString",
};

const SECRET_ARN = /^arn:aws[a-z-]*:(secretsmanager|ssm):/;

/** A Lambda variable whose value is a Secrets Manager or SSM ARN is a pointer the code resolves. */
function lambdaPlaces(props: PlainObject): Place[] {
    return mapPlaces(props, ["environment", "variables"], { class: "plain", words: LAMBDA_WORDS }).map((place): Place =>
        typeof place.value === "string" && SECRET_ARN.test(place.value) ? { ...place, class: "secret-reference", reference: place.value } : place,
    );
}

function parsedContainerDefinitions(text: string): PlainValue[] | undefined {
    try {
        const parsed: unknown = JSON.parse(text);
        return Array.isArray(parsed) ? (parsed as PlainValue[]) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * The container definitions are one JSON string: its dependencies cover all of it, and while it is
 * unknown nothing says whether a credential went to `environment` or `secrets`.
 */
function ecsPlaces(props: PlainObject): Place[] {
    const raw = props.containerDefinitions;
    const base = { property: "containerDefinitions", valuePath: "containerDefinitions", secretPossible: true, build: false, soleValue: false, words: ECS_WORDS };
    if (isUnknown(raw)) {
        return [{ ...base, where: "containerDefinitions", key: UNKNOWN, value: UNKNOWN, class: UNKNOWN }];
    }
    const text = asString(raw);
    const containers = text === undefined ? undefined : parsedContainerDefinitions(text);
    if (!containers) {
        return [];
    }
    return containers.flatMap((item, c): Place[] => {
        const container = asObject(item);
        const name = asString(container?.name) ?? `${c}`;
        const plain = each(container?.environment).map((entry, i): Place => ({
            ...base,
            where: `containerDefinitions[${name}].environment[${i}]`,
            key: asString(entry.name) ?? "",
            value: asString(entry.value),
            class: "plain",
        }));
        const references = each(container?.secrets).map((entry, i): Place => ({
            ...base,
            where: `containerDefinitions[${name}].secrets[${i}]`,
            key: asString(entry.name) ?? "",
            value: undefined,
            class: "secret-reference",
            reference: asString(entry.valueFrom),
        }));
        return [...plain, ...references];
    });
}

const APP_RUNNER_CONFIGS: readonly (readonly string[])[] = [
    ["sourceConfiguration", "imageRepository", "imageConfiguration"],
    ["sourceConfiguration", "codeRepository", "codeConfiguration", "codeConfigurationValues"],
];

function appRunnerPlaces(props: PlainObject): Place[] {
    return APP_RUNNER_CONFIGS.flatMap((path) => [
        ...mapPlaces(props, [...path, "runtimeEnvironmentVariables"], { class: "plain", words: APP_RUNNER_WORDS }),
        ...mapPlaces(props, [...path, "runtimeEnvironmentSecrets"], { class: "secret-reference", words: APP_RUNNER_WORDS }).map((place): Place => ({ ...place, reference: place.value, value: undefined })),
    ]);
}

/** Amplify branch stages (`PRODUCTION`, `BETA`, `DEVELOPMENT`, `EXPERIMENTAL`, `PULL_REQUEST`). */
const AMPLIFY_STAGES: Readonly<Record<string, Stage>> = {
    PRODUCTION: "production",
    BETA: "staging",
    DEVELOPMENT: "development",
    EXPERIMENTAL: "development",
    PULL_REQUEST: "preview",
};

function amplifyStages(props: PlainObject): readonly Stage[] | Unknown | undefined {
    if (isUnknown(props.stage)) {
        return UNKNOWN;
    }
    const stage = asString(props.stage);
    return stage === undefined ? undefined : AMPLIFY_STAGES[stage] ? [AMPLIFY_STAGES[stage]] : undefined;
}

function amplifyPlaces(type: string, props: PlainObject): Place[] {
    const branch = type === AWS.amplifyBranch;
    return mapPlaces(props, ["environmentVariables"], {
        class: "plain",
        words: AMPLIFY_WORDS,
        build: true,
        stages: branch ? amplifyStages(props) : undefined,
        app: branch ? asString(props.appId) : asString(props.name),
    });
}

function ssmPlaces(props: PlainObject): Place[] {
    const type = props.type;
    const klass: Place["class"] = isUnknown(type) ? UNKNOWN : type === "SecureString" ? "secret" : "plain";
    const key = asString(props.name) ?? "value";
    const base = { where: "", key, secretPossible: true, build: false, soleValue: true, words: SSM_WORDS };
    const places: Place[] = [];
    for (const property of ["value", "valueWo"]) {
        const value = props[property];
        if (value !== undefined && value !== null) {
            places.push({ ...base, property, valuePath: property, value: isUnknown(value) ? UNKNOWN : asString(value), class: klass });
        }
    }
    if (props.insecureValue !== undefined && props.insecureValue !== null) {
        places.push({ ...base, property: "insecureValue", valuePath: "insecureValue", value: isUnknown(props.insecureValue) ? UNKNOWN : asString(props.insecureValue), class: "plain" });
    }
    return places;
}

function secretVersionPlaces(props: PlainObject): Place[] {
    return ["secretString", "secretStringWo"].flatMap((property): Place[] => {
        const value = props[property];
        return value === undefined || value === null
            ? []
            : [{ property, where: "", valuePath: property, key: property, value: isUnknown(value) ? UNKNOWN : asString(value), class: "secret", secretPossible: true, build: false, soleValue: true, words: SSM_WORDS }];
    });
}

function placesOf(type: string, props: PlainObject): Place[] {
    switch (type) {
        case AWS.lambdaFunction:
            return lambdaPlaces(props);
        case AWS.ecsTaskDefinition:
            return ecsPlaces(props);
        case AWS.appRunnerService:
            return appRunnerPlaces(props);
        case AWS.amplifyApp:
        case AWS.amplifyBranch:
            return amplifyPlaces(type, props);
        case AWS.ssmParameter:
            return ssmPlaces(props);
        case AWS.secretsManagerSecretVersion:
            return secretVersionPlaces(props);
        default:
            return [];
    }
}

// --- Rate limiting: WAFv2 web ACLs in front of Lambda functions ---------------------------------

/** Whether a WAF rule (inline or a `WebAclRule`) is a rate-based rule that acts (not `count`). */
function ruleProtection(rule: PlainObject): Protection | undefined {
    const statement = rule.statement;
    if (isUnknown(statement)) {
        return "undecided";
    }
    const rateBased = asObject(statement)?.rateBasedStatement;
    if (isUnknown(rateBased)) {
        return "undecided";
    }
    if (asObject(rateBased) === undefined) {
        return undefined;
    }
    const action = asObject(rule.action);
    return action !== undefined && action.count !== undefined && action.count !== null ? undefined : "rate-limited";
}

function webAclProtection(resource: IndexedResource): Protection | undefined {
    if (resource.type === AWS.wafWebAclRule) {
        return ruleProtection(resource.props) ?? "unprotected";
    }
    const rules = resource.props.rules;
    if (isUnknown(rules)) {
        return "undecided";
    }
    let found: Protection = "unprotected";
    for (const item of asArray(rules)) {
        const rule = asObject(item);
        const protection = isUnknown(item) ? "undecided" : rule ? ruleProtection(rule) : undefined;
        if (protection === "rate-limited") {
            return protection;
        }
        if (protection === "undecided") {
            found = "undecided";
        }
    }
    return found;
}

function lambdaApp(resource: IndexedResource) {
    const functionName = asString(resource.props.name);
    return [{ key: resource.urn, names: functionName ? [resource.name, functionName] : [resource.name], label: resourceLabel(resource), reportOn: resource }];
}

export const aws: PlatformModule = {
    name: "aws",
    placeTypes: [AWS.lambdaFunction, AWS.ecsTaskDefinition, AWS.appRunnerService, AWS.amplifyApp, AWS.amplifyBranch, AWS.ssmParameter, AWS.secretsManagerSecretVersion],
    placesOf,
    secretStores: [
        { type: AWS.secretsManagerSecretVersion, containerProperty: "secretId" },
        { type: AWS.ssmParameter, requires: { property: "type", equals: "SecureString" }, namesOf: (props) => [asString(props.name), asString(props.arn)].filter((n): n is string => n !== undefined) },
    ],
    readsTypes: [AWS.wafWebAcl, AWS.wafWebAclRule],
    appTypes: [AWS.lambdaFunction],
    appsOf: (_index, resource) => (resource.type === AWS.lambdaFunction ? lambdaApp(resource) : []),
    rateLimiting: {
        guard: "WAF web ACL",
        missing: "AWS WAFv2 web ACL with a rate-based rule (`rateBasedStatement`) associated with the API Gateway stage, load balancer or CloudFront distribution in front of it",
        advice: "Associate one (aws.wafv2.WebAclAssociation, or the distribution's `webAclId`), or, if the function rate-limits in code with @upstash/ratelimit, list it in `appRateLimitedProjects`.",
        protectionByApp: (index) =>
            protectionThroughFrontDoors(index, {
                links: new Map([
                    [AWS.apiGatewayIntegration, ["restApi", "uri"]],
                    [AWS.apiGatewayStage, ["restApi"]],
                    [AWS.apiGatewayV2Integration, ["apiId", "integrationUri"]],
                    [AWS.apiGatewayV2Stage, ["apiId"]],
                    [AWS.lambdaPermission, ["function", "sourceArn"]],
                    [AWS.lambdaFunctionUrl, ["functionName"]],
                    [AWS.targetGroupAttachment, ["targetGroupArn", "targetId"]],
                    [AWS.listener, ["loadBalancerArn", "defaultActions"]],
                    [AWS.cloudFrontDistribution, ["origins", "webAclId"]],
                    [AWS.wafWebAclAssociation, ["resourceArn", "webAclArn"]],
                    [AWS.wafWebAclRule, ["webAclArn"]],
                ]),
                limiterTypes: [AWS.wafWebAcl, AWS.wafWebAclRule],
                limiterProtection: webAclProtection,
                appTypes: [AWS.lambdaFunction],
            }),
    },
};
