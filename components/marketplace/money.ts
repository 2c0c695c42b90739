import "server-only";
import { getFormatter } from "next-intl/server";

/** An amount in minor units (cents) as the locale writes money. */
export async function moneyFormatter() {
  const format = await getFormatter();
  return (cents: number, currency: string | null) => format.number(cents / 100, { style: "currency", currency: currency ?? "CNY" });
}
