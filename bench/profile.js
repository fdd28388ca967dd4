// Loaded into a pack process (NODE_OPTIONS=--require) when BENCH_PROFILE is set: a CPU profile of the
// whole process, written to $BENCH_PROFILE_DIR on SIGTERM (node refuses --cpu-prof in NODE_OPTIONS).
"use strict";
const fs = require("fs");
const path = require("path");
const inspector = require("inspector");

const session = new inspector.Session();
session.connect();
session.post("Profiler.enable", () => session.post("Profiler.start"));
process.on("SIGTERM", () => {
    session.post("Profiler.stop", (err, result) => {
        if (!err && result && process.env.BENCH_PROFILE_DIR) {
            fs.writeFileSync(path.join(process.env.BENCH_PROFILE_DIR, `pack-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
        }
        process.exit(0);
    });
});
