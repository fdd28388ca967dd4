// The benchmark's floor: started and called exactly like the real pack, but its policies do nothing.
"use strict";
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("noop", {
    enforcementLevel: "mandatory",
    policies: [
        { name: "noop-resource", description: "Does nothing.", validateResource: () => {} },
        { name: "noop-stack", description: "Does nothing.", validateStack: () => {} },
    ],
});
