#!/usr/bin/env node
// Launcher kept in git so that `npm ci` can link it before `prepare` compiles cli/src into cli/dist.
"use strict";
let main;
try {
    main = require("../dist/cli/src/main.js");
} catch (error) {
    if (error && error.code === "MODULE_NOT_FOUND") {
        process.stderr.write("upstash-guard is not built yet: run `npm ci` (or `npm run build`) in the upstash-guard repository.\n");
        process.exit(3);
    }
    throw error;
}
main.run(process.argv);
