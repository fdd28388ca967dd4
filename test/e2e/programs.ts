/**
 * Programs the e2e suites write into a workspace rather than keep as examples: variants of a
 * component example that only a test needs.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO, Workspace } from "./engine";

const COMPONENTS = path.join(REPO, "components");

/** A program that uses StageRedisDatabase remotely and wires its token by hand into a plain variable (the report). */
const YAML_HAND_WIRED = `name: hand-wired
description: StageRedisDatabase used remotely, its restToken wired by hand into a plain variable under a neutral key
runtime: yaml
packages:
  upstash-guard-components: ${COMPONENTS}
resources:
  cache:
    type: upstash-guard-components:StageRedisDatabase
    properties:
      app: shop
      budget: 20
      primaryRegion: eu-west-1
  web:
    type: vercel:Project
    properties:
      name: shop-\${pulumi.stack}
  web-firewall:
    type: upstash-guard-components:VercelRateLimit
    properties:
      projectId: \${web.id}
  cacheSecret:
    type: vercel:ProjectEnvironmentVariable
    properties: { projectId: "\${web.id}", key: CACHE_SECRET, value: "\${cache.restToken}", targets: [preview], sensitive: false }
`;

/** Writes the hand-wired YAML program into the workspace (once) and returns its folder. */
export function writeHandWired(ws: Workspace): string {
    const dir = path.join(ws.root, "hand-wired");
    if (!fs.existsSync(dir)) {
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML_HAND_WIRED);
    }
    return dir;
}
