import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { expect, FIXTURE, test } from "./helpers";

// A server of this test's own (the suite's server must keep serving): stopped with SIGTERM in the
// middle of an image upload, as `docker stop` or systemd stop it.
let dataDir: string;
let server: ServerProcess | undefined;
test.beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-shutdown-"));
});
test.afterAll(() => {
  server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const admin = (...args: string[]) =>
  execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts", ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
  }).toString();

test("SIGTERM lets an upload in flight finish, releases nothing half-done, checkpoints the WAL and exits 0", async () => {
  test.setTimeout(120_000);
  admin("user", "create", "--email", "isv@shutdown.local", "--password", "shutdown-password", "--role", "isv");
  const key = admin("apikey", "create", "--email", "isv@shutdown.local", "--name", "shutdown").trim().split("\n").at(-1)!;
  server = await startServerProcess(dataDir);
  const auth = { "X-Auth-Token": key, "Tus-Resumable": "1.0.0" };
  const archive = fs.readFileSync(FIXTURE);

  const created = await fetch(`${server.base}/api/uploads`, {
    method: "POST",
    headers: { ...auth, "Upload-Length": String(archive.length), "Upload-Metadata": `filename ${Buffer.from(path.basename(FIXTURE)).toString("base64")}` },
  });
  expect(created.status).toBe(201);
  const location = new URL(created.headers.get("location")!, server.base);

  // The first half of the bytes, then the signal, then the rest.
  const patch = http.request(location, {
    method: "PATCH",
    headers: { ...auth, "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0", "Content-Length": String(archive.length) },
  });
  const answered = new Promise<http.IncomingMessage>((resolve, reject) => patch.once("response", resolve).once("error", reject));
  const half = Math.floor(archive.length / 2);
  await new Promise<void>((resolve) => patch.write(archive.subarray(0, half), () => resolve()));
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.child.kill("SIGTERM");
  await expect.poll(() => server!.output()).toContain("[shutdown] SIGTERM: no new connections; 1 request in flight");
  // New connections are refused while the upload goes on.
  await expect(fetch(`${server.base}/api/health`)).rejects.toThrow();
  patch.end(archive.subarray(half));
  const response = await answered;
  expect(response.statusCode).toBe(204);
  expect(response.headers["upload-offset"]).toBe(String(archive.length));
  expect(response.headers.connection).toBe("close");

  expect(await server.exited).toBe(0);
  const log = server.output();
  expect(log).toContain("[shutdown] requests in flight answered");
  expect(log).toMatch(/\[shutdown\] worker stopped(; no job was running|: \d+ jobs? finished or stopped after a step, 0 jobs cut off)/);
  expect(log).toContain("[shutdown] MQTT connections closed");
  expect(log).toMatch(/\[shutdown\] WAL checkpointed \(\d+ pages?\) and database closed/);
  // The database file alone is complete: the WAL is empty (or gone).
  const wal = path.join(dataDir, "stagecraft.db-wal");
  expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);

  // Started again, the upload is whole: its validation (queued at the upload's end, perhaps
  // released by the stop) runs, and the version becomes ready.
  server = await startServerProcess(dataDir);
  await expect
    .poll(
      async () => {
        const body = await (await fetch(`${server!.base}/api/v1/images`, { headers: { "X-Auth-Token": key } })).json();
        return body.images?.[0]?.versions?.[0]?.status;
      },
      { timeout: 30_000 },
    )
    .toBe("ready");
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
});
