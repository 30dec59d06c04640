/**
 * Shares a pane's rows among its sections so that nothing scrolls away on a small terminal:
 * every section gets its minimum in priority order (a section whose minimum no longer fits is
 * dropped), then the rows left are handed out, again by priority, up to what each wants.
 * Equal priorities share.
 */
export interface SectionNeed {
  id: string;
  /** Rows without which the section is not worth showing. */
  min: number;
  /** Rows it would use if there were plenty. */
  want: number;
  /** Lower number = more important. */
  priority: number;
}

export function allocateRows(sections: readonly SectionNeed[], height: number): Map<string, number> {
  const byPriority = [...sections].sort((a, b) => a.priority - b.priority);
  const granted = new Map<string, number>();
  let left = height;
  for (const s of byPriority) {
    if (s.min <= left && s.want > 0) {
      granted.set(s.id, s.min);
      left -= s.min;
    }
  }
  // Sections of equal priority take the rows left one at a time in turn, so three tables
  // share a screen instead of the first one taking it all.
  const priorities = [...new Set(byPriority.map((s) => s.priority))];
  for (const priority of priorities) {
    const tier = byPriority.filter((s) => s.priority === priority && granted.has(s.id));
    let growing = true;
    while (left > 0 && growing) {
      growing = false;
      for (const s of tier) {
        const have = granted.get(s.id)!;
        if (have < s.want && left > 0) {
          granted.set(s.id, have + 1);
          left -= 1;
          growing = true;
        }
      }
    }
  }
  return granted;
}
