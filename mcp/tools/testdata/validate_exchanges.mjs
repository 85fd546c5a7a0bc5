// Validates what the proxy sent to the emulator and what it answered
// against Discord's published description (npm discord-api-spec): the
// route and method must be in pathsList; a JSON body must parse with the
// request schema of that route (zod, by the name openapi.json gives it)
// and hold no key the schema lacks; a 2xx answer must parse with the
// route's response schema.
// Usage: node validate_exchanges.mjs <dir with node_modules> <openapi.json.gz>
//        < lines of {"name","method","template","body","status","response"}
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const [dir, openapiGz] = process.argv.slice(2);
const build = join(dir, "node_modules/discord-api-spec/build");
const zod = await import(pathToFileURL(join(build, "discord-api-spec.zod.js")).href);
const { pathsList } = await import(pathToFileURL(join(build, "discord-api-spec.js")).href);
const api = JSON.parse(gunzipSync(readFileSync(openapiGz)).toString("utf8"));

// extraKeys lists object keys a zod schema does not know.
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
        if (!(k in def.shape)) out.push(`${path}.${k}: not in the schema`);
        else extraKeys(def.shape[k], value[k], `${path}.${k}`, out);
      }
      return;
  }
}

// forward excuses one gap of the published spec: MessageReferenceType
// lists only DEFAULT (0), while Discord documents FORWARD (1), which
// send_message's forward sends. Only that value at that path is excused.
function forward(issue, value) {
  const p = issue.path.join(".");
  return p === "message_reference.type" && value?.message_reference?.type === 1;
}

// check validates value against an openapi schema, handing named schemas
// to zod; it returns a list of problems.
function check(schema, value, path) {
  if (!schema) return [`${path}: no schema`];
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    const z = zod[name + "Schema"];
    if (!z) return [`${path}: no zod schema ${name}Schema`];
    const r = z.safeParse(value);
    // zod's datetimes want "Z"; Discord sends "+00:00" (as the emulator does).
    const issues = r.success ? [] : r.error.issues.filter((i) => i.format !== "datetime" && !forward(i, value)).map((i) => `${path} (${name}): ${JSON.stringify(i)}`);
    extraKeys(z, value, path, issues);
    return issues;
  }
  const alts = schema.oneOf || schema.anyOf;
  if (alts) {
    const all = alts.map((s) => check(s, value, path));
    return all.some((p) => p.length === 0) ? [] : all.flat();
  }
  if (schema.allOf) return schema.allOf.flatMap((s) => check(s, value, path));
  const types = [].concat(schema.type || []);
  if (value === null) return types.includes("null") ? [] : [`${path}: null`];
  if (types.includes("array")) {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    const out = [];
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${path}: fewer than ${schema.minItems}`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${path}: more than ${schema.maxItems}`);
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) out.push(`${path}: duplicate items`);
    value.forEach((v, i) => out.push(...check(schema.items, v, `${path}[${i}]`)));
    return out;
  }
  if (types.includes("object")) {
    if (typeof value !== "object" || Array.isArray(value)) return [`${path}: not an object`];
    const out = [];
    for (const k of schema.required || []) if (!(k in value)) out.push(`${path}.${k}: missing`);
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties && k in schema.properties) out.push(...check(schema.properties[k], v, `${path}.${k}`));
      // A map (role member counts): every value checked against one schema.
      else if (typeof schema.additionalProperties === "object") out.push(...check(schema.additionalProperties, v, `${path}.${k}`));
      else out.push(`${path}.${k}: not in the schema`);
    }
    return out;
  }
  return [];
}

let failed = false;
let n = 0;
const bad = (name, msg) => {
  console.log(`${name}: ${msg}`);
  failed = true;
};
for (const line of readFileSync(0, "utf8").split("\n")) {
  if (!line.trim()) continue;
  n++;
  const ex = JSON.parse(line);
  const method = ex.method.toLowerCase();
  const name = `${ex.name}: ${ex.method} ${ex.template}`;
  if (!(pathsList[method] || []).includes(ex.template)) {
    bad(name, "not in discord-api-spec's pathsList");
    continue;
  }
  const op = api.paths[ex.template][method];
  const form = op.requestBody?.content?.["multipart/form-data"]?.schema;
  if (ex.body && form && !ex.body.trimStart().startsWith("{")) {
    // A multipart form: its fields are the schema's (a sticker's file); a
    // message's form is its JSON (payload_json, checked as JSON) and files.
    const parts = form.allOf || [form];
    const json = parts.find((p) => p.$ref);
    const props = Object.assign({}, ...parts.map((p) => p.properties || {}));
    for (const k of parts.flatMap((p) => p.required || [])) if (!ex.body.includes(`; name="${k}"`)) bad(name, `the form lacks ${k}`);
    for (const m of ex.body.matchAll(/; name="([^"]+)"/g)) {
      if (json && m[1] === "payload_json") continue;
      if (!(m[1] in props)) bad(name, `the form has ${m[1]}, not in the schema`);
    }
    const payload = /; name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(ex.body);
    if (json && payload) for (const p of check(json, JSON.parse(payload[1]), "$payload_json")) bad(name, p);
    else if (json) bad(name, "a message form without payload_json");
  } else if (ex.body) {
    const schema = op.requestBody?.content?.["application/json"]?.schema;
    if (!schema) bad(name, "sent a body; the route takes none");
    else for (const p of check(schema, JSON.parse(ex.body), "$body")) bad(name, p);
  }
  if (ex.status >= 200 && ex.status < 300) {
    const resp = op.responses[String(ex.status)];
    if (!resp) bad(name, `status ${ex.status} is not an answer the spec lists`);
    else if (ex.response && resp.content?.["text/csv"]) {
      // A CSV file (an invite's target users): a header, then one id a row.
      const rows = ex.response.split("\n").filter((l) => l !== "");
      if (rows.slice(1).some((l) => !/^\d{17,20}$/.test(l))) bad(name, "a CSV answer with a row that is not a user id");
    } else if (ex.response) {
      const schema = resp.content?.["application/json"]?.schema;
      if (!schema) bad(name, `answered a body to a ${ex.status} that has none`);
      else for (const p of check(schema, JSON.parse(ex.response), "$response")) bad(name, p);
    }
  }
}
if (n === 0) bad("input", "no exchanges");
process.exit(failed ? 1 : 0);
