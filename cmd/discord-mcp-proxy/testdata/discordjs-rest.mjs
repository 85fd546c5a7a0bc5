// discordjs-rest.mjs drives the raw passthrough with discord.js' REST
// client (@discordjs/rest 2.x) and discord-api-types' Routes, as a bot
// written with discord.js would.
//
//   node discordjs-rest.mjs PROXY_BASE CHANNEL_ID OTHER_CHANNEL_ID
//
// DISCORD_TOKEN is the bot token; the packages load from
// $MCP_TS_SDK_DIR/node_modules. It sends, uploads a file, edits, reacts,
// pins, fetches and deletes in CHANNEL_ID, then sends to OTHER_CHANNEL_ID
// with a scope that excludes it, and prints one JSON line on stdout with
// what each step answered; the Go test judges it. A step that throws
// unexpectedly: a message on stderr, exit 1.

import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [base, channel, other] = process.argv.slice(2);
const dir = process.env.MCP_TS_SDK_DIR;
const load = (p) => import(pathToFileURL(join(dir, "node_modules", p)).href);
const { REST, DiscordAPIError } = await load("@discordjs/rest/dist/index.mjs");
const { Routes } = await load("discord-api-types/v10.mjs");

// X-Privileged-Call rides on every request through the client's headers option.
const client = (extra = {}) =>
  new REST({ api: base + "/api", version: "10", retries: 0, headers: { "X-Privileged-Call": "1", ...extra } })
    .setToken(process.env.DISCORD_TOKEN);

const rest = client();
const out = {};
const sent = await rest.post(Routes.channelMessages(channel), { body: { content: "hello from discord.js" } });
const file = Buffer.from("file bytes \u0000\u0001 from discord.js");
const up = await rest.post(Routes.channelMessages(channel), {
  body: { content: "a file", attachments: [{ id: 0, filename: "report.bin", description: "d" }] },
  files: [{ name: "report.bin", data: file, contentType: "application/octet-stream" }],
});
// The attachment's url is Discord's CDN (the emulator's own host here).
const served = Buffer.from(await (await fetch(up.attachments[0].url)).arrayBuffer());
out.upload = { id: up.id, attachments: up.attachments, sent: file.toString("base64"), served: served.toString("base64") };
await rest.patch(Routes.channelMessage(channel, sent.id), { body: { content: "edited by discord.js" } });
await rest.put(Routes.channelMessageOwnReaction(channel, sent.id, encodeURIComponent("👍")));
await rest.put(Routes.channelMessagesPin(channel, sent.id));
const got = await rest.get(Routes.channelMessage(channel, sent.id));
out.fetched = { content: got.content, pinned: got.pinned, reactions: (got.reactions ?? []).reduce((n, r) => n + r.count, 0) };
for (const id of [sent.id, up.id]) {
  await rest.delete(Routes.channelMessage(channel, id), { reason: "library-test" });
}
out.afterDelete = await rest.get(Routes.channelMessage(channel, sent.id)).then(
  () => "still there",
  (e) => `${e.name}: ${e.message} (${e.code})`,
);

try {
  await client({ "X-Target-Channels": channel }).post(Routes.channelMessages(other), { body: { content: "outside" } });
  out.refusal = { error: null };
} catch (e) {
  out.refusal = { discordAPIError: e instanceof DiscordAPIError, message: e.message, code: e.code, status: e.status };
}
console.log(JSON.stringify(out));
