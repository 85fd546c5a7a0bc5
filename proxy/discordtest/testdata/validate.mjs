// Validates emulator responses against Discord's published zod response
// schemas (npm discord-api-spec), and reports keys the schemas do not know.
// Usage: node validate.mjs <dir with node_modules>  < lines of {"schema","value"}
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { readFileSync } from "node:fs";

const dir = process.argv[2];
const spec = await import(pathToFileURL(join(dir, "node_modules/discord-api-spec/build/discord-api-spec.zod.js")).href);

// extraKeys walks value along schema and lists object keys the schema lacks.
function extraKeys(schema, value, path, out) {
  if (value === null || value === undefined || !schema || !schema._zod) return;
  const def = schema._zod.def;
  switch (def.type) {
    case "lazy":
      return extraKeys(def.getter(), value, path, out);
    case "optional":
    case "nullable":
    case "nonoptional":
    case "default":
      return extraKeys(def.innerType, value, path, out);
    case "array":
      if (Array.isArray(value)) value.forEach((v, i) => extraKeys(def.element, v, `${path}[${i}]`, out));
      return;
    case "object":
      if (typeof value !== "object" || Array.isArray(value)) return;
      for (const k of Object.keys(value)) {
        if (!(k in def.shape)) out.push(`${path}.${k}`);
        else extraKeys(def.shape[k], value[k], `${path}.${k}`, out);
      }
      return;
  }
}

let failed = false;
for (const line of readFileSync(0, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const { name, schema, value } = JSON.parse(line);
  const s = spec[schema];
  if (!s) {
    console.log(`${name}: no schema ${schema}`);
    failed = true;
    continue;
  }
  const r = s.safeParse(value);
  // The spec's zod datetimes demand a "Z" suffix, but Discord sends
  // "+00:00" offsets (as the emulator does), so those issues are expected.
  const issues = r.success ? [] : r.error.issues.filter((i) => i.format !== "datetime");
  if (issues.length) {
    console.log(`${name} (${schema}): ${JSON.stringify(issues)}`);
    failed = true;
  }
  const extra = [];
  extraKeys(s, value, "$", extra);
  if (extra.length) {
    console.log(`${name} (${schema}): keys not in the schema: ${extra.join(", ")}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
