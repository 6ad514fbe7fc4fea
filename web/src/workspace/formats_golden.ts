// Writes scenario moments with the desk's formats for tests/fast/test_desk_formats.py: reads a
// JSON file `{formats, moments}` (the formats as omnisim/i18n.py desk_formats gives them) and
// prints the texts as JSON, which must be Babel's (omnisim/i18n.py format_when) to the letter.

import { readFileSync } from "node:fs";
import { type Formats, whenText } from "./formats";

const path = process.argv[2];
if (path === undefined) throw new Error("usage: node web/build-tests/workspace/formats_golden.js FILE");
const input = JSON.parse(readFileSync(path, "utf8")) as { formats: Formats; moments: string[] };
process.stdout.write(JSON.stringify(input.moments.map((m) => whenText(m, input.formats))));
