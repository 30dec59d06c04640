/**
 * A table header marked with its sort direction: ▲ when the rows go up (A→Z, small first), ▼
 * when they go down (the largest first). Each table names the keys whose own order is
 * ascending (names); `reverse` flips the key's own order.
 */
export function sortMarker<K extends string>(sort: K, reverse: boolean, ascendingKeys: readonly K[]): (key: K, header: string) => string {
  return (key, header) => (key === sort ? `${header}${ascendingKeys.includes(key) !== reverse ? '▲' : '▼'}` : header);
}
