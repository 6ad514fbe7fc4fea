// The desk's one date and time format per locale (issue 22): the CLDR patterns Babel gives the
// server (omnisim/i18n.py desk_formats) with the locale's day and month names, applied here
// to the scenario's calendar, so the clock, the transcript, the agendas, the CRM history, the
// instructions, the letters' variables and the server's refusals all read alike:
// « vendredi 13 mars 2026, 14:30 », « Friday, March 13, 2026, 2:30 PM ».

/** What the server sends in the dossier (`formats`). */
export interface Formats {
  readonly date: string;
  readonly time: string;
  /** `{1}` is the date, `{0}` the time. */
  readonly datetime: string;
  /** Sunday first, as Date.getDay(). */
  readonly days: readonly string[];
  readonly months: readonly string[];
  readonly am: string;
  readonly pm: string;
}

/** French, for a dossier built before the formats existed (a test's hand-made one). */
export const FRENCH: Formats = {
  date: "EEEE d MMMM y",
  time: "HH:mm",
  datetime: "{1}, {0}",
  days: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
  months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  am: "AM",
  pm: "PM",
};

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** One LDML field (`EEEE`, `d`, `MMMM`, `y`, `HH`, `h`, `mm`, `a`…) of `when`. */
function field(token: string, when: Date, f: Formats): string {
  const letter = token[0];
  const n = token.length;
  switch (letter) {
    case "y":
      return n === 2 ? pad(when.getFullYear() % 100, 2) : pad(when.getFullYear(), n);
    case "M":
    case "L":
      return n >= 3 ? (f.months[when.getMonth()] ?? "") : pad(when.getMonth() + 1, n);
    case "d":
      return pad(when.getDate(), n);
    case "E":
    case "c":
      return f.days[when.getDay()] ?? "";
    case "H":
      return pad(when.getHours(), n);
    case "h":
      return pad(when.getHours() % 12 || 12, n);
    case "m":
      return pad(when.getMinutes(), n);
    case "s":
      return pad(when.getSeconds(), n);
    case "a":
      return when.getHours() < 12 ? f.am : f.pm;
    default:
      return token;
  }
}

/** `when` written with an LDML pattern: letters are fields, 'quoted' text is literal. */
export function applyPattern(pattern: string, when: Date, f: Formats): string {
  let out = "";
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i] ?? "";
    if (ch === "'") {
      // Quoted text is literal; a doubled quote, inside or out, is one quote.
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      i++;
      while (i < pattern.length) {
        if (pattern[i] === "'" && pattern[i + 1] === "'") {
          out += "'";
          i += 2;
        } else if (pattern[i] === "'") {
          i++;
          break;
        } else {
          out += pattern[i] ?? "";
          i++;
        }
      }
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (pattern[j] === ch) j++;
      out += field(pattern.slice(i, j), when, f);
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

export function dateText(when: Date, f: Formats): string {
  return applyPattern(f.date, when, f);
}

export function timeText(when: Date, f: Formats): string {
  return applyPattern(f.time, when, f);
}

export function dateTimeText(when: Date, f: Formats): string {
  return f.datetime.replace("{1}", dateText(when, f)).replace("{0}", timeText(when, f));
}

/** A scenario's calendar moment ("2026-03-13T14:30") or day ("2026-03-13") as a local Date,
 * and whether it has a time; null for anything else. */
export function calendar(iso: string): { when: Date; timed: boolean } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (m === null) return null;
  const [, y, mo, d, hh, mm] = m;
  const when = new Date(Number(y), Number(mo) - 1, Number(d), Number(hh ?? 0), Number(mm ?? 0));
  return { when, timed: hh !== undefined };
}

/** A scenario's calendar moment or day as written on the desk; anything else is shown as the
 * deck wrote it (omnisim/i18n.py format_when). */
export function whenText(iso: string, f: Formats): string {
  const at = calendar(iso);
  if (at === null) return iso;
  return at.timed ? dateTimeText(at.when, f) : dateText(at.when, f);
}
