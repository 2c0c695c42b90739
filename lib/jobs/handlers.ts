import "server-only";
// Every kind of background job is registered here, in one place, so that the worker knows them all
// before it claims anything. Each domain exports its handler; add one line per kind.
import { registerJobHandler } from "./worker";

export function registerJobHandlers(): void {
  void registerJobHandler; // no job kinds yet: image validation is the first
}
