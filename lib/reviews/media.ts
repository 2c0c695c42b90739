import "server-only";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { media, type MediaKind, type User } from "@/db/schema";
import { dataDir } from "@/lib/env";
import type { CheckedImage } from "./image-check";

export function mediaPath(id: string): string {
  return path.join(dataDir(), "media", id);
}

/** Writes checked images to disk and returns their rows (not yet inserted) and a rollback. */
export function writeMedia(owner: User, items: { kind: MediaKind; image: CheckedImage }[]) {
  fs.mkdirSync(path.join(dataDir(), "media"), { recursive: true });
  const rows = items.map(({ kind, image }) => {
    const id = randomUUID();
    fs.writeFileSync(mediaPath(id), image.bytes, { flag: "wx" });
    return { id, ownerId: owner.id, kind, contentType: image.contentType, size: image.bytes.length, width: image.width, height: image.height };
  });
  const remove = () => rows.forEach((r) => fs.rmSync(mediaPath(r.id), { force: true }));
  return { rows, remove };
}

/**
 * Who may fetch a media file: anyone once a listing shows it; before that only its owner and
 * operators (it is material under review).
 */
export function getReadableMedia(user: User | null, id: string) {
  const row = getDb().select().from(media).where(sql`${media.id} = ${id}`).get();
  if (!row) return undefined;
  if (user && (user.id === row.ownerId || user.roles.includes("operator"))) return row;
  const listed = getDb().get<{ n: number }>(sql`select count(*) as n from listings l
    where l.logo_id = ${id} or l.showcase_id = ${id} or exists (select 1 from json_each(l.intro_ids) j where j.value = ${id})`);
  return listed.n > 0 ? row : undefined;
}
