/** Runs once when a server process starts: the database is migrated and seeded before any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrap } = await import("./db/seed");
  await bootstrap();
}
