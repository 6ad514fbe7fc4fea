// Folds golden logs for tests/fast/test_client_reducer.py: reads a JSON file holding
// `{name: [event, …]}` (the events as the server sends them to a browser) and prints
// `{name: state}` as JSON. Compiled into web/build-tests/ by `npm run build:tests`.

import { readFileSync } from "node:fs";
import type { StoredEvent } from "../generated/protocol";
import { project, type WorkspaceState } from "./reducer";

const path = process.argv[2];
if (path === undefined) throw new Error("usage: node web/build-tests/workspace/golden.js FILE");
const logs = JSON.parse(readFileSync(path, "utf8")) as Record<string, StoredEvent[]>;
const states: Record<string, WorkspaceState> = {};
for (const [name, events] of Object.entries(logs)) states[name] = project(events);
process.stdout.write(JSON.stringify(states));
