import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackup } from "@/lib/backup/create";
import { restoreBackup } from "@/lib/backup/restore";

const run = promisify(execFile);
const admin = (dataDir: string, ...args: string[]) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "lib/cli/admin.ts", ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
  }).then(
    () => null,
    (e: { code: number; stderr: string }) => e,
  );

const sourceDir = process.env.DATA_DIR!;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "stagecraft-restore-"));
let good: string;

type Entry = { name: string; type?: tar.Header["type"]; body?: string; linkname?: string };
/** A .tar.gz of these entries, written with tar-stream as an attacker or a broken tool might. */
async function tarball(file: string, entries: Entry[]): Promise<string> {
  const pack = tar.pack();
  const written = pipeline(pack, createGzip(), fs.createWriteStream(file));
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? "file", linkname: e.linkname, mode: 0o644 }, e.body ?? "");
  pack.finalize();
  await written;
  return file;
}

/** Restores into a fresh DATA_DIR under `work`; the error's message, or null. */
async function restoreInto(file: string, target = path.join(work, `target-${Math.random().toString(36).slice(2)}`)) {
  process.env.DATA_DIR = target;
  try {
    await restoreBackup(file);
    return { target, error: null };
  } catch (error) {
    return { target, error: (error as Error).message };
  } finally {
    process.env.DATA_DIR = sourceDir;
  }
}

/** Nothing was left behind: no target, no staging folder beside it, nothing outside. */
function expectNothingWritten(target: string) {
  expect(fs.existsSync(target) && fs.readdirSync(target).length).toBeFalsy();
  expect(fs.readdirSync(work).filter((n) => n.includes(".restoring-"))).toEqual([]);
  expect(fs.existsSync(path.join(work, "evil"))).toBe(false);
}

describe("restore refuses what is not a sound backup", () => {
  beforeAll(async () => {
    good = path.join(work, "good.tar.gz");
    await createBackup(good);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("restores a good one into an empty folder that already exists (a mount point)", async () => {
    const target = path.join(work, "empty");
    fs.mkdirSync(target);
    const { error } = await restoreInto(good, target);
    expect(error).toBeNull();
    expect(fs.readdirSync(target)).toContain("stagecraft.db");
    expect(fs.readdirSync(target).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("refuses a DATA_DIR that is not empty, and leaves it as it was", async () => {
    const target = path.join(work, "busy");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "stagecraft.db"), "mine");
    const { error } = await restoreInto(good, target);
    expect(error).toMatch(/busy is not empty \(stagecraft\.db\): restore only into an empty or absent DATA_DIR/);
    expect(fs.readdirSync(target)).toEqual(["stagecraft.db"]);
    expect(fs.readFileSync(path.join(target, "stagecraft.db"), "utf8")).toBe("mine");
  });

  it.each<[string, Entry[], RegExp]>([
    ["a ../ path", [{ name: "images/../../evil", body: "x" }], /refusing the entry "images\/\.\.\/\.\.\/evil"/],
    ["an absolute path", [{ name: "/tmp/evil", body: "x" }], /refusing the entry "\/tmp\/evil": not a relative path/],
    ["a symlink", [{ name: "media/link", type: "symlink", linkname: "/etc/passwd" }], /a symlink entry \(only regular files and folders are restored\)/],
    ["a hard link", [{ name: "media/link", type: "link", linkname: "stagecraft.db" }], /a link entry/],
    ["a device", [{ name: "media/dev", type: "character-device" }], /a character-device entry/],
    ["an unknown top-level name", [{ name: "etc/passwd", body: "x" }], /"etc\/passwd": not part of a Stagecraft backup/],
    ["a file where a folder belongs", [{ name: "images", body: "x" }], /"images": not part of a Stagecraft backup/],
    ["the same name twice", [{ name: "media/a", body: "1" }, { name: "media/a", body: "2" }], /"media\/a": it appears twice/],
    ["no manifest", [{ name: "stagecraft.db", body: "x" }], /no manifest\.json: not a Stagecraft backup, or cut short/],
    ["a manifest of another format", [{ name: "manifest.json", body: JSON.stringify({ format: 9 }) }], /manifest\.json is not one this version reads/],
  ])("refuses %s, writing nothing", async (_, entries, message) => {
    const { target, error } = await restoreInto(await tarball(path.join(work, "bad.tar.gz"), entries));
    expect(error).toMatch(message);
    expectNothingWritten(target);
  });

  it("refuses a truncated archive and one that is not gzip", async () => {
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(path.join(work, "cut.tar.gz"), bytes.subarray(0, Math.floor(bytes.length / 2)));
    fs.writeFileSync(path.join(work, "noise.tar.gz"), "this is not an archive at all");
    for (const name of ["cut.tar.gz", "noise.tar.gz"]) {
      const { target, error } = await restoreInto(path.join(work, name));
      expect(error).toMatch(/is not a complete \.tar\.gz backup \(.+\)/);
      expectNothingWritten(target);
    }
  });

  it("refuses an archive whose manifest does not match its files", async () => {
    const { target, error } = await restoreInto(
      await tarball(path.join(work, "short.tar.gz"), [
        { name: "stagecraft.db", body: "x" },
        { name: "manifest.json", body: JSON.stringify({ format: 1, app: "stagecraft", appVersion: "0.1.0", createdAt: "", migrations: { count: 1, last: "0000_init" }, files: 5, bytes: 1, dataDir: "/d" }) },
      ]),
    );
    expect(error).toBe("the archive holds 1 files (1 bytes), its manifest says 5 (1)");
    expectNothingWritten(target);
  });

  it("explains a missing or absent file, with exit status 2", async () => {
    const target = path.join(work, "cli");
    for (const [args, message] of [
      [["restore"], "restore needs a file, e.g. restore stagecraft-backup.tar.gz"],
      [["backup"], "backup needs a file"],
      [["restore", path.join(work, "nothing-here.tar.gz")], `no backup at ${path.join(work, "nothing-here.tar.gz")}`],
      [["restore", good, "second.tar.gz"], "restore takes one file, not 2"],
    ] as const) {
      const error = await admin(target, ...args);
      expect(error?.code, args.join(" ")).toBe(2);
      expect(error!.stderr).toContain(message);
    }
    expect(fs.existsSync(target)).toBe(false);
  });
}, 60_000);
