import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/** LIKE's wildcards in user text are literal characters. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Case-insensitive "contains" on a name column (SQLite's LIKE ignores ASCII case). */
export function containsText(column: AnyColumn, text: string): SQL {
  return sql`${column} like ${`%${escapeLike(text)}%`} escape '\\'`;
}

/** "Starts with": can use the column's index, unlike "contains". */
export function startsWithText(column: AnyColumn, text: string): SQL {
  return sql`${column} like ${`${escapeLike(text)}%`} escape '\\'`;
}
