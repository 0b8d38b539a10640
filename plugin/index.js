// Loaded by @pulumi/pulumi/cmd/run-plugin, which awaits the exported function. The compiled
// server lives in the package's dist/; this directory only tells Pulumi how to run it.
module.exports = () => require("../dist/provider/plugin/main").main();
