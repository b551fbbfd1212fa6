// A real OpenID Connect issuer for the console's sign-in tests: oauth2-mock-server on loopback, signing ID tokens
// with a fresh RS256 key. The account signing in is the authorize request's login_hint (as Google's account chooser
// would pick it); its claims come from the users file. Usage: node oidc-issuer.mjs <package folder> <users.json>
// Prints "READY <issuer url>" once listening; exits when stdin closes so it never outlives the test run.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [packageFolder, usersFile] = process.argv.slice(2);
const entry = join(packageFolder, "node_modules", "oauth2-mock-server", "dist", "index.mjs");
const { OAuth2Server, Events } = await import(pathToFileURL(entry).href);
const users = JSON.parse(readFileSync(usersFile, "utf8"));
const accountOfCode = new Map();

const server = new OAuth2Server();
await server.issuer.keys.generate("RS256");
server.service.on(Events.BeforeAuthorizeRedirect, (redirect, req) => {
  accountOfCode.set(redirect.url.searchParams.get("code"), req.query.login_hint);
});
server.service.on(Events.BeforeTokenSigning, (token, req) => {
  const email = accountOfCode.get(req.body.code);
  const claims = users[email];
  if (claims === undefined) return; // an unknown account keeps the package's default subject
  Object.assign(token.payload, { sub: `sub-${email}`, email, email_verified: true, ...claims });
});
await server.start(0, "127.0.0.1");
process.stdout.write(`READY ${server.issuer.url}\n`);
process.stdin.on("end", async () => {
  await server.stop();
  process.exit(0);
});
process.stdin.resume();
