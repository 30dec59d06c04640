/**
 * OpenSSH's pattern lists (known_hosts host fields, `Host` lines): comma-separated
 * patterns where `*` matches any run of characters, `?` exactly one, and a leading `!`
 * negates. Matching ignores case, as OpenSSH lowercases both sides.
 */

/** 1 when a positive pattern matches and no negated one does, -1 when a negated one matches, 0 otherwise. */
export function matchPatternList(name: string, patternList: string): 1 | 0 | -1 {
  const subject = name.toLowerCase();
  let positive = false;
  for (const raw of patternList.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (!matchPattern(subject, pattern)) continue;
    if (negated) return -1;
    positive = true;
  }
  return positive ? 1 : 0;
}

/** Glob match of one pattern (`*`, `?`) against the whole string, iterative with backtracking. */
export function matchPattern(subject: string, pattern: string): boolean {
  let s = 0;
  let p = 0;
  let starP = -1;
  let starS = 0;
  while (s < subject.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p++;
      starS = s;
    } else if (pc !== undefined && (pc === '?' || pc === subject[s])) {
      p++;
      s++;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
