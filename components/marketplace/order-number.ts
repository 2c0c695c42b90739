/**
 * The number a buyer quotes with an offline payment and an operator finds the order by: the first
 * eight characters of its id, upper case (ids are random UUIDs, so they read as distinct).
 */
export function orderNumber(id: string): string {
  return id.slice(0, 8).toUpperCase();
}
