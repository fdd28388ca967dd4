/**
 * Type tokens of the platforms' resources, hand-copied from each SDK's `static __pulumiType` (the SDKs
 * are too large to be dependencies of a policy pack: @pulumi/aws and @pulumi/azure-native unpack to
 * hundreds of megabytes). `sdk-type-tokens.excerpt.json` beside this file records, per package and
 * version, the tokens read from the tarball; `type-tokens.spec.ts` checks every token here against it.
 */
export const CLOUDFLARE = {
    workersScript: "cloudflare:index/workersScript:WorkersScript",
    workerScript: "cloudflare:index/workerScript:WorkerScript",
    workerVersion: "cloudflare:index/workerVersion:WorkerVersion",
    pagesProject: "cloudflare:index/pagesProject:PagesProject",
    secretsStoreSecret: "cloudflare:index/secretsStoreSecret:SecretsStoreSecret",
    ruleset: "cloudflare:index/ruleset:Ruleset",
    workersRoute: "cloudflare:index/workersRoute:WorkersRoute",
    workersCustomDomain: "cloudflare:index/workersCustomDomain:WorkersCustomDomain",
    zone: "cloudflare:index/zone:Zone",
} as const;

export const AWS = {
    lambdaFunction: "aws:lambda/function:Function",
    lambdaPermission: "aws:lambda/permission:Permission",
    lambdaFunctionUrl: "aws:lambda/functionUrl:FunctionUrl",
    ecsTaskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    appRunnerService: "aws:apprunner/service:Service",
    amplifyApp: "aws:amplify/app:App",
    amplifyBranch: "aws:amplify/branch:Branch",
    secretsManagerSecret: "aws:secretsmanager/secret:Secret",
    secretsManagerSecretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    ssmParameter: "aws:ssm/parameter:Parameter",
    wafWebAcl: "aws:wafv2/webAcl:WebAcl",
    wafWebAclRule: "aws:wafv2/webAclRule:WebAclRule",
    wafWebAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    apiGatewayRestApi: "aws:apigateway/restApi:RestApi",
    apiGatewayStage: "aws:apigateway/stage:Stage",
    apiGatewayIntegration: "aws:apigateway/integration:Integration",
    apiGatewayV2Api: "aws:apigatewayv2/api:Api",
    apiGatewayV2Stage: "aws:apigatewayv2/stage:Stage",
    apiGatewayV2Integration: "aws:apigatewayv2/integration:Integration",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    targetGroupAttachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    cloudFrontDistribution: "aws:cloudfront/distribution:Distribution",
} as const;

export const GCP = {
    cloudRunV2Service: "gcp:cloudrunv2/service:Service",
    cloudRunV2Job: "gcp:cloudrunv2/job:Job",
    cloudRunService: "gcp:cloudrun/service:Service",
    cloudFunctionsV2Function: "gcp:cloudfunctionsv2/function:Function",
    cloudFunctionsFunction: "gcp:cloudfunctions/function:Function",
    secretManagerSecret: "gcp:secretmanager/secret:Secret",
    secretManagerSecretVersion: "gcp:secretmanager/secretVersion:SecretVersion",
    secretManagerRegionalSecretVersion: "gcp:secretmanager/regionalSecretVersion:RegionalSecretVersion",
} as const;

export const AZURE = {
    webApp: "azure-native:web:WebApp",
    webAppSlot: "azure-native:web:WebAppSlot",
    webAppApplicationSettings: "azure-native:web:WebAppApplicationSettings",
    webAppApplicationSettingsSlot: "azure-native:web:WebAppApplicationSettingsSlot",
    webAppConnectionStrings: "azure-native:web:WebAppConnectionStrings",
    containerApp: "azure-native:app:ContainerApp",
    containerAppJob: "azure-native:app:Job",
    containerGroup: "azure-native:containerinstance:ContainerGroup",
    keyVaultSecret: "azure-native:keyvault:Secret",
} as const;

export const KUBERNETES = {
    secret: "kubernetes:core/v1:Secret",
    secretPatch: "kubernetes:core/v1:SecretPatch",
    configMap: "kubernetes:core/v1:ConfigMap",
    configMapPatch: "kubernetes:core/v1:ConfigMapPatch",
    pod: "kubernetes:core/v1:Pod",
    deployment: "kubernetes:apps/v1:Deployment",
    deploymentPatch: "kubernetes:apps/v1:DeploymentPatch",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    replicaSet: "kubernetes:apps/v1:ReplicaSet",
    job: "kubernetes:batch/v1:Job",
    cronJob: "kubernetes:batch/v1:CronJob",
} as const;

export const GITHUB = {
    actionsSecret: "github:index/actionsSecret:ActionsSecret",
    actionsEnvironmentSecret: "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
    actionsOrganizationSecret: "github:index/actionsOrganizationSecret:ActionsOrganizationSecret",
    dependabotSecret: "github:index/dependabotSecret:DependabotSecret",
    actionsVariable: "github:index/actionsVariable:ActionsVariable",
    actionsEnvironmentVariable: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
    actionsOrganizationVariable: "github:index/actionsOrganizationVariable:ActionsOrganizationVariable",
} as const;

export const DIGITALOCEAN = {
    app: "digitalocean:index/app:App",
} as const;

export const DOCKER = {
    container: "docker:index/container:Container",
    service: "docker:index/service:Service",
    secret: "docker:index/secret:Secret",
    image: "docker:index/image:Image",
    buildImage: "docker-build:index:Image",
} as const;

/** The SDK each group was read from, for the excerpt check. */
export const SDK_OF: Readonly<Record<string, { tokens: Readonly<Record<string, string>>; sdk: string }>> = {
    cloudflare: { tokens: CLOUDFLARE, sdk: "@pulumi/cloudflare@6.22.1" },
    aws: { tokens: AWS, sdk: "@pulumi/aws@7.48.0" },
    gcp: { tokens: GCP, sdk: "@pulumi/gcp@9.37.0" },
    azure: { tokens: AZURE, sdk: "@pulumi/azure-native@3.28.0" },
    kubernetes: { tokens: KUBERNETES, sdk: "@pulumi/kubernetes@4.34.2" },
    github: { tokens: GITHUB, sdk: "@pulumi/github@6.15.0" },
    digitalocean: { tokens: DIGITALOCEAN, sdk: "@pulumi/digitalocean@4.80.1" },
    docker: { tokens: { container: DOCKER.container, service: DOCKER.service, secret: DOCKER.secret, image: DOCKER.image }, sdk: "@pulumi/docker@5.2.0" },
    "docker-build": { tokens: { buildImage: DOCKER.buildImage }, sdk: "@pulumi/docker-build@0.0.22" },
};
