// ts-client.mjs drives discord-mcp-proxy with the official TypeScript MCP
// SDK (@modelcontextprotocol/sdk 1.x), as a TypeScript agent host would.
//
//   node ts-client.mjs http  URL             CHANNEL_ID
//   node ts-client.mjs sse   URL             CHANNEL_ID
//   node ts-client.mjs stdio COMMAND ARGS... CHANNEL_ID
//
// The SDK is loaded from $MCP_TS_SDK_DIR/node_modules (this file lives in
// the repository, away from any node_modules). For stdio the child gets
// this process's environment (DISCORD_TOKEN and all).
//
// It connects, pings, lists the tools (the five must be there, each with
// an input and an output schema), calls get_channel_info, send_message
// and get_messages on the channel and checks the results, then prints one
// JSON summary line on stdout. Any failure: a message on stderr, exit 1.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const sdkDir = process.env.MCP_TS_SDK_DIR;
if (!sdkDir) {
  fail("MCP_TS_SDK_DIR is not set");
}
const sdkRoot = join(sdkDir, "node_modules", "@modelcontextprotocol", "sdk");
const sdkPkg = JSON.parse(readFileSync(join(sdkRoot, "package.json"), "utf8"));

// sdkImport resolves a subpath through the SDK's own "exports" map with
// the "import" condition (what `import "@modelcontextprotocol/sdk/…"`
// would load) and imports it.
async function sdkImport(sub) {
  const exp = sdkPkg.exports ?? {};
  let target = exp["./" + sub]?.import;
  if (!target) {
    for (const [key, val] of Object.entries(exp)) {
      if (key.endsWith("*") && ("./" + sub).startsWith(key.slice(0, -1)) && val?.import) {
        target = val.import.replace("*", ("./" + sub).slice(key.length - 1));
        break;
      }
    }
  }
  if (!target) {
    throw new Error(`@modelcontextprotocol/sdk ${sdkPkg.version} exports no ${sub}`);
  }
  return import(pathToFileURL(join(sdkRoot, target)).href);
}

// bearerInit sends Authorization: Bearer $MCP_BEARER_TOKEN on every
// request when that variable is set (a proxy started with --auth bearer).
function bearerInit() {
  const token = process.env.MCP_BEARER_TOKEN;
  return token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : undefined;
}

function fail(msg) {
  process.stderr.write(`ts-client: ${msg}\n`);
  process.exit(1);
}

function check(cond, msg) {
  if (!cond) {
    throw new Error(msg);
  }
}

function textOf(result) {
  return (result.content ?? [])
    .filter((c) => c.type === "text")
    .map((c) => c.text)
    .join("");
}

const [transportName, ...rest] = process.argv.slice(2);
const channelId = rest.pop();
if (!["http", "sse", "stdio"].includes(transportName) || rest.length === 0 || !/^\d{17,20}$/.test(channelId ?? "")) {
  fail("usage: ts-client.mjs http|sse URL CHANNEL_ID  |  ts-client.mjs stdio COMMAND [ARGS...] CHANNEL_ID");
}

const { Client } = await sdkImport("client/index.js");
let transport;
switch (transportName) {
  case "http": {
    const { StreamableHTTPClientTransport } = await sdkImport("client/streamableHttp.js");
    transport = new StreamableHTTPClientTransport(new URL(rest[0]), bearerInit());
    break;
  }
  case "sse": {
    const { SSEClientTransport } = await sdkImport("client/sse.js");
    transport = new SSEClientTransport(new URL(rest[0]));
    break;
  }
  case "stdio": {
    const { StdioClientTransport } = await sdkImport("client/stdio.js");
    const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined));
    transport = new StdioClientTransport({ command: rest[0], args: rest.slice(1), env, stderr: "inherit" });
    break;
  }
}

// The client tells the transport the negotiated version; keep a copy.
let negotiated;
const setVersion = transport.setProtocolVersion;
transport.setProtocolVersion = (v) => {
  negotiated = v;
  setVersion?.call(transport, v);
};

const client = new Client({ name: "discord-mcp-proxy-ts-client", version: "1.0.0" });
const summary = { transport: transportName, sdk: sdkPkg.version };

try {
  await client.connect(transport);
  summary.protocolVersion = negotiated;
  summary.server = client.getServerVersion();
  check(summary.server?.name, `initialize: no serverInfo.name (${JSON.stringify(summary.server)})`);
  check(client.getServerCapabilities()?.tools, `initialize: no tools capability (${JSON.stringify(client.getServerCapabilities())})`);

  await client.ping();

  // tools/list, following cursors as a client must.
  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  summary.tools = tools.map((t) => t.name).sort();
  const byName = new Map(tools.map((t) => [t.name, t]));
  for (const want of ["send_message", "get_messages", "get_channel_info", "search_messages", "delete_message"]) {
    const tool = byName.get(want);
    check(tool, `tools/list lacks ${want}: got ${summary.tools.join(", ")}`);
    check(tool.inputSchema?.type === "object", `${want}: inputSchema ${JSON.stringify(tool.inputSchema)}`);
    check(tool.outputSchema?.type === "object", `${want}: outputSchema ${JSON.stringify(tool.outputSchema)}`);
    check(typeof tool.description === "string" && tool.description.length > 0, `${want}: no description`);
  }

  // tools/call. The SDK validates structuredContent against each tool's
  // outputSchema (cached by listTools above) and throws if it does not fit.
  // unfence returns the JSON inside the untrusted-data fence the proxy
  // puts around Discord's text (the fence's id must close it), or the text
  // itself when it is not fenced.
  function unfence(text) {
    const open = text.match(/<untrusted-data source="discord" id="([0-9a-f]+)">\n/);
    if (!open) return text;
    const close = `\n</untrusted-data id="${open[1]}">`;
    const start = open.index + open[0].length;
    const end = text.indexOf(close, start);
    check(end > start && text.indexOf(close, end + 1) < 0, `fence ${open[1]} is not closed exactly once: ${text}`);
    return text.slice(start, end);
  }

  async function call(name, args) {
    const res = await client.callTool({ name, arguments: args });
    check(!res.isError, `${name}: isError: ${textOf(res)}`);
    check(res.structuredContent && typeof res.structuredContent === "object", `${name}: no structuredContent: ${JSON.stringify(res)}`);
    let fromText;
    try {
      fromText = JSON.parse(unfence(textOf(res)));
    } catch (e) {
      throw new Error(`${name}: text content is not JSON (${e.message}): ${textOf(res)}`);
    }
    check(isDeepStrictEqual(fromText, res.structuredContent),
      `${name}: text content ${textOf(res)} differs from structuredContent ${JSON.stringify(res.structuredContent)}`);
    return res.structuredContent;
  }

  const info = await call("get_channel_info", { channel_id: channelId });
  check(info.id === channelId, `get_channel_info: id ${JSON.stringify(info.id)}, want ${channelId}`);
  check(typeof info.name === "string" && info.name.length > 0, `get_channel_info: name ${JSON.stringify(info.name)}`);
  summary.channel = { id: info.id, name: info.name, type: info.type, guild_id: info.guild_id };

  const content = `hello from the TypeScript SDK over ${transportName}`;
  const sent = await call("send_message", { channel_id: channelId, content });
  check(/^\d{17,20}$/.test(sent.id ?? ""), `send_message: id ${JSON.stringify(sent.id)}`);
  check(sent.channel_id === channelId, `send_message: channel_id ${JSON.stringify(sent.channel_id)}, want ${channelId}`);
  summary.sent = sent.id;

  const got = await call("get_messages", { channel_id: channelId, limit: 1 });
  const newest = got.messages?.[0];
  check(newest?.id === sent.id && newest?.content === content,
    `get_messages: newest is ${JSON.stringify(newest)}, want ${sent.id} ${JSON.stringify(content)}`);

  // Resources, prompts and completion (resources.go, prompts.go in mcp/tools).
  const guildId = info.guild_id;
  const uris = [];
  cursor = undefined;
  do {
    const page = await client.listResources(cursor ? { cursor } : {});
    uris.push(...page.resources.map((r) => r.uri));
    cursor = page.nextCursor;
  } while (cursor);
  check(uris.includes("discord://guilds") && uris.includes(`discord://channels/${channelId}/messages`), `resources/list: ${uris.join(", ")}`);
  const { resourceTemplates } = await client.listResourceTemplates();
  check(resourceTemplates.length === 8, `resources/templates/list: ${JSON.stringify(resourceTemplates)}`);
  const fill = (t) => t.replace("{guild_id}", guildId).replace("{channel_id}", channelId).replace("{message_id}", sent.id).replace("{?after}", "");
  for (const t of resourceTemplates) {
    const uri = fill(t.uriTemplate);
    const res = await client.readResource({ uri });
    check(res.contents?.[0]?.mimeType === "application/json", `read ${uri}: ${JSON.stringify(res)}`);
    JSON.parse(res.contents[0].text);
  }
  summary.resourcesRead = resourceTemplates.length;
  const { prompts } = await client.listPrompts();
  const sample = { guild: guildId, channel: channelId, welcome_channel: channelId, topic: "launch", goal: "invite links", purpose: "a club",
    name: "Night", start_time: "2026-12-24T18:00:00Z", location: "general", description: "raid" };
  for (const p of prompts) {
    const args = Object.fromEntries((p.arguments ?? []).filter((a) => a.required).map((a) => [a.name, sample[a.name]]));
    const got = await client.getPrompt({ name: p.name, arguments: args });
    check(got.messages?.[0]?.content?.text?.includes("Tools to use:"), `prompts/get ${p.name}: ${JSON.stringify(got)}`);
  }
  summary.prompts = prompts.map((p) => p.name).sort();
  const comp = await client.complete({ ref: { type: "ref/prompt", name: "summarize-channel" }, argument: { name: "channel", value: "gen" } });
  summary.completed = comp.completion.values;

  // Subscribe to the channel's messages; a message sent through the proxy
  // (here by this client) must come back as notifications/resources/updated.
  {
    const { ResourceUpdatedNotificationSchema } = await sdkImport("types.js");
    const msgsURI = `discord://channels/${channelId}/messages`;
    const updated = new Promise((resolve) => {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        if (n.params.uri === msgsURI) resolve(n.params.uri);
      });
    });
    await client.subscribeResource({ uri: msgsURI });
    await call("send_message", { channel_id: channelId, content: "for subscribers" });
    summary.updated = await Promise.race([updated, new Promise((r) => setTimeout(() => r("timeout"), 10000))]);
  }

  // An unknown tool is an error the client can see, either as a JSON-RPC
  // error or as an isError result; never a success.
  let unknownOK = false;
  try {
    const res = await client.callTool({ name: "no_such_tool", arguments: {} });
    unknownOK = res.isError === true;
  } catch {
    unknownOK = true;
  }
  check(unknownOK, "calling no_such_tool succeeded");

  if (transportName === "http") {
    // What the SDK does to end a session: DELETE with Mcp-Session-Id.
    check(transport.sessionId, "streamable HTTP: the server gave no Mcp-Session-Id");
    await transport.terminateSession();
  }
  await client.close();
  process.stdout.write(JSON.stringify(summary) + "\n");
  process.exit(0);
} catch (err) {
  try {
    await client.close();
  } catch {
    // already failing
  }
  fail(`${transportName}: ${err?.stack ?? err}`);
}
