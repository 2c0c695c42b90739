import { describe, expect, it, vi } from "vitest";

describe("domain events", () => {
  it("reach every listener in order, also when one throws, which is logged", async () => {
    const { emit, on } = await import("@/lib/events");
    const { log } = await import("@/lib/log/logger.mjs");
    const error = vi.spyOn(log, "error");
    const heard: string[] = [];
    on("devices.revoked", ({ deviceIds }) => void heard.push(`first ${deviceIds.join()}`));
    on("devices.revoked", () => {
      throw new Error("broken listener");
    });
    on("devices.revoked", ({ deviceIds }) => void heard.push(`third ${deviceIds.join()}`));
    emit("devices.revoked", { deviceIds: ["p_1"] });
    expect(heard).toEqual(["first p_1", "third p_1"]);
    expect(error).toHaveBeenCalledWith({ err: expect.any(Error), event: "devices.revoked" }, expect.stringContaining("devices.revoked"));
    error.mockRestore();
  });

  it("are shared by every copy of the module in the process (Next bundles instrumentation and routes apart)", async () => {
    const first = await import("@/lib/events");
    const heard: string[] = [];
    first.on("industries.changed", () => void heard.push("heard"));
    vi.resetModules();
    const second = await import("@/lib/events");
    expect(second).not.toBe(first);
    second.emit("industries.changed", {});
    expect(heard).toEqual(["heard"]);
  });
});
