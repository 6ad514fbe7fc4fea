// Summaries of golden logs for tests/fast/test_board_summary.py: reads a JSON file holding
// `{name: {events, deadlines, now_sim, online}}` (events as a trainer's browser receives them)
// and prints `{name: summary}` as JSON. Compiled into web/build-tests/ by `npm run build:tests`.

import { readFileSync } from "node:fs";
import type { StoredEvent } from "../generated/protocol";
import { project } from "../workspace/reducer";
import { type Summary, summarize } from "./summary";

interface Case {
  readonly events: StoredEvent[];
  readonly deadlines: Record<string, number>;
  readonly now_sim: number;
  readonly online: boolean;
}

const path = process.argv[2];
if (path === undefined) throw new Error("usage: node web/build-tests/board/golden.js FILE");
const cases = JSON.parse(readFileSync(path, "utf8")) as Record<string, Case>;
const out: Record<string, Summary> = {};
for (const [name, c] of Object.entries(cases)) out[name] = summarize(project(c.events), c.deadlines, c.now_sim, c.online);
process.stdout.write(JSON.stringify(out));
