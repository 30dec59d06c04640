/**
 * CSV as psql --csv writes it (RFC 4180): fields separated by commas, quoted when they hold a
 * comma, a quote, or a line break, quotes doubled inside. Statement texts in pg_stat_activity
 * carry all three, so rows are split here, never by lines. NULL and '' both come out as ''.
 */
export interface CsvRow {
  fields: string[];
  /** 1-based line of the output where the row starts, for error messages. */
  line: number;
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let started = false;
  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRow = (): void => {
    endField();
    rows.push({ fields, line: rowLine });
    fields = [];
    started = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!started) {
      started = true;
      rowLine = line;
    }
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      line++;
      endRow();
    } else field += c;
  }
  if (started) endRow();
  return rows;
}
