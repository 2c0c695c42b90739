/**
 * The time the server acts on for things measured in days (trial and term expiry, the reminder
 * before it, the worker's due jobs). Tests move it forward instead of waiting a week; nothing in
 * the running server does.
 */
let offsetMs = 0;

export function now(): number {
  return Date.now() + offsetMs;
}

export function moveClock(ms: number): void {
  offsetMs += ms;
}

export function resetClock(): void {
  offsetMs = 0;
}
