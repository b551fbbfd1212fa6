// Starts firebase-tools' Storage emulator (a GCS JSON API stand-in) on loopback without its rules
// runtime (which wants Java). Usage: node gcs-emulator.js <firebase-tools folder> [port]
// Prints "READY <port>" once listening; exits when stdin closes so it never outlives the test run.
const path = require("path");
const lib = path.join(process.argv[2], "node_modules", "firebase-tools", "lib", "emulator", "storage");
const { StorageEmulator } = require(path.join(lib, "index.js"));
const { createApp } = require(path.join(lib, "server.js"));
const { EmulatorRegistry } = require(path.join(lib, "..", "registry.js"));

async function main() {
  const port = Number(process.argv[3] || 0);
  const emulator = new StorageEmulator({ projectId: "mlops-test", host: "127.0.0.1", port, rules: [] });
  const app = await createApp("mlops-test", emulator);
  const server = app.listen(port, "127.0.0.1", () => {
    // Object metadata links name the emulator's own address, which the registry must know.
    emulator.args.port = server.address().port;
    EmulatorRegistry.set("storage", emulator);
    process.stdout.write(`READY ${server.address().port}\n`);
  });
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(`gcs emulator failed to start: ${error.stack || error}\n`);
  process.exit(1);
});
