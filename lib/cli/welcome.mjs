// The block a start ends with when it created accounts: where Stagecraft is, the accounts and their
// passwords (shown this once), and what to do next. Plain text on stdout, not a log line: a
// self-hoster reads it once, and the container test reads the operator's password from it.

const RULE = "=".repeat(76);

/**
 * @param {{ url: string, mqttPort: number | null, accounts: { role: string, email: string, password: string | null }[], sandboxReason: string | null }} start
 * @returns {string}
 */
export function welcomeBlock({ url, mqttPort, accounts, sandboxReason }) {
  const width = Math.max(...accounts.map((a) => a.email.length));
  const account = (a) =>
    `  ${a.role.padEnd(10)}${a.email.padEnd(width + 2)}${a.password === null ? "(the password in OPERATOR_PASSWORD)" : `password: ${a.password}`}`;
  const deployments = sandboxReason
    ? [`  - Deployments are SIMULATED: ${sandboxReason}.`, "    Add a Docker Engine or a Kubernetes cluster at /admin/targets to install for real."]
    : ["  - Deployments run on this machine's Docker Engine (target \"local\"; more at /admin/targets)."];
  return [
    RULE,
    `  Stagecraft is running at ${url}`,
    "",
    "  Accounts created (the passwords are shown this once and stored hashed):",
    ...accounts.map(account),
    "",
    "  Next:",
    `  - Sign in at ${url}/login. The operator reviews submissions at /admin/reviews;`,
    "    the ISV uploads images and describes applications at /console; buyers shop at /market.",
    ...deployments,
    mqttPort === null ? "  - The MQTT listener did not start (see the log above): devices cannot connect." : `  - Devices connect over MQTT on port ${mqttPort}.`,
    "  - Change a password: npm run admin -- user reset-password --email <email>",
    RULE,
  ].join("\n");
}
