import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { HANDLE_PATTERN, handleBase } from "@/lib/users/handle";
import { createUser } from "@/lib/users/service";

const migrations = path.resolve("db/migrations");

/** Runs the committed migrations from index `from` up to (not including) `to`, statement by statement. */
function migrate(db: Database.Database, from: number, to: number) {
  const files = fs.readdirSync(migrations).filter((f) => f.endsWith(".sql")).sort();
  for (const file of files.slice(from, to)) {
    for (const statement of fs.readFileSync(path.join(migrations, file), "utf8").split("--> statement-breakpoint")) {
      if (statement.trim()) db.exec(statement);
    }
  }
}

describe("handles", () => {
  it("are derived from the email at sign-up, unique, and valid registry namespaces", async () => {
    const a = await createUser({ email: "Jane.Doe+iot@example.com", password: "password123", roles: ["isv"] });
    const b = await createUser({ email: "jane.doe+iot@other.example", password: "password123", roles: ["isv"] });
    const c = await createUser({ email: "jane_doe.iot@third.example", password: "password123", roles: ["buyer"] });
    const d = await createUser({ email: "___@odd.example", password: "password123", roles: ["buyer"] });
    expect([a.handle, b.handle, c.handle, d.handle]).toEqual(["jane-doe-iot", "jane-doe-iot-2", "jane-doe-iot-3", "user"]);
    for (const u of [a, b, c, d]) expect(u.handle).toMatch(HANDLE_PATTERN);
    expect(handleBase(`${"x".repeat(80)}@long.example`)).toHaveLength(40);
  });

  it("are back-filled by the migration for existing accounts, unique and valid", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "handles-")), "db.sqlite");
    const db = new Database(file);
    const files = fs.readdirSync(migrations).filter((f) => f.endsWith(".sql")).sort();
    const registry = files.findIndex((f) => f.includes("_registry"));
    migrate(db, 0, registry);
    const insert = db.prepare("insert into users (id, email, password_hash, roles, created_at) values (?, ?, 'x', '[\"isv\"]', ?)");
    insert.run("11111111-aaaa", "isv@demo.local", 1);
    insert.run("22222222-bbbb", "isv@other.local", 2);
    insert.run("33333333-cccc", "j.doe+x@a.b", 3);
    insert.run("44444444-dddd", "ÄÖ@umlaut.de", 4);
    insert.run("55555555-eeee", ".dot@start.de", 5);
    migrate(db, registry, registry + 1);
    const handles = db.prepare("select id, handle from users order by created_at").all() as { id: string; handle: string }[];
    expect(handles.map((h) => h.handle)).toEqual(["isv", "isv-222222", "j-doe-x", "user-44444444", "user-55555555"]);
    for (const h of handles) expect(h.handle).toMatch(HANDLE_PATTERN);
    db.close();
  });
});
