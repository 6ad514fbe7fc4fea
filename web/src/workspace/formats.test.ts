// The desk's one date and time format: LDML patterns with the locale's names (Babel's, given by
// the server; tests/fast/test_desk_formats.py checks the browser against Babel itself).

import assert from "node:assert/strict";
import { test } from "node:test";
import { applyPattern, FRENCH, whenText } from "./formats";

const ENGLISH = {
  ...FRENCH,
  date: "EEEE, MMMM d, y",
  time: "h:mm\u202fa",
  days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};

test("one format per locale for a moment, a day and a time", () => {
  assert.equal(whenText("2026-03-13T14:30", FRENCH), "vendredi 13 mars 2026, 14:30");
  assert.equal(whenText("2026-03-13", FRENCH), "vendredi 13 mars 2026");
  assert.equal(whenText("2026-03-13T14:30", ENGLISH), "Friday, March 13, 2026, 2:30\u202fPM");
  assert.equal(whenText("2026-03-13T00:05", ENGLISH), "Friday, March 13, 2026, 12:05\u202fAM");
  assert.equal(whenText("mardi", FRENCH), "mardi"); // not a date: as the deck wrote it
});

test("quoted text in a pattern is literal", () => {
  const when = new Date(2026, 2, 13, 9, 5);
  assert.equal(applyPattern("d MMM 'à' HH'h'mm", when, FRENCH), "13 mars à 09h05");
  assert.equal(applyPattern("'o''clock' dd/MM/yy", when, FRENCH), "o'clock 13/03/26");
});
