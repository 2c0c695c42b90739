/**
 * The deployment log is stored as English sentences (`deployment_events.message`, written by the
 * engine and the providers). Each sentence the platform writes is matched here to a message key
 * (`deploy.events.<code>`) and its parameters, so the UI shows it in the reader's language; rows
 * written before this existed read the same way. A sentence nothing matches (an engine's error
 * text) has no code and is shown as stored.
 */
const PATTERNS: [code: string, pattern: RegExp, names: string[]][] = [
  ["installStarted", /^install started$/, []],
  ["resumed", /^resuming an interrupted install$/, []],
  ["installed", /^installed$/, []],
  ["uninstalled", /^uninstalled$/, []],
  ["rolledBack", /^rolled back$/, []],
  ["rollingBack", /^rolling back after the failure of (.+)$/s, ["node"]],
  ["targetSimulated", /^target (.+?): sandbox \(simulated\)$/, ["name"]],
  ["targetAnswered", /^target (.+?): (.+)$/s, ["name", "detail"]],
  ["targetDown", /^the target (.+?) does not answer: (.+)$/s, ["name", "detail"]],
  ["gaveUp", /^gave up after repeated errors: (.+)$/s, ["detail"]],
  ["pullRefreshFailed", /^the pull secrets could not be refreshed, .+?: (.+)$/s, ["detail"]],
  ["creating", /^creating (workload|endpoint|volume|network|credentials) (.+)$/s, ["type", "name"]],
  ["ready", /^(workload|endpoint|volume|network|credentials) ready$/, ["type"]],
  ["removed", /^(workload|endpoint|volume|network|credentials) removed$/, ["type"]],
  ["simulatedCreated", /^simulated (\w+) created$/, ["type"]],
  ["simulatedRemoved", /^simulated (\w+) removed$/, ["type"]],
  ["pullingImage", /^pulling image (.+)$/s, ["image"]],
  ["loadingImage", /^loading image (.+?) \((.+)\) into the engine$/s, ["image", "id"]],
  ["networkCreated", /^created network (.+)$/s, ["name"]],
  ["networkRemoved", /^removed network (.+)$/s, ["name"]],
  ["leftoverRemoved", /^removed container (.+), left by an interrupted step$/s, ["name"]],
  ["containerRemoved", /^removed container (.+)$/s, ["name"]],
  ["containerFound", /^found container (.+) from an earlier attempt$/s, ["name"]],
  ["containerStarted", /^started container (.+?) on network (.+?) as (.+?) \(published on (.+)\)$/s, ["name", "network", "alias", "published"]],
  ["namespaceCreated", /^created namespace (.+)$/s, ["name"]],
  ["namespaceGone", /^namespace (.+) is gone$/s, ["name"]],
  ["deploymentApplied", /^applied Deployment (.+?) \((.+)\); waiting for (\d+) available replica\(s\)$/s, ["name", "image", "replicas"]],
  ["serviceExposed", /^Service (.+?) exposes port (\d+) on node port (\d+)$/, ["name", "port", "nodePort"]],
  ["objectRemoved", /^removed (workload|endpoint|volume|network|credentials) (.+)$/s, ["type", "name"]],
];

export type EventText = { code: string; params: Record<string, string> };

export function eventText(message: string): EventText | null {
  for (const [code, pattern, names] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return { code, params: Object.fromEntries(names.map((name, i) => [name, match[i + 1]])) };
  }
  return null;
}
