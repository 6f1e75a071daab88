// `make dev`'s mail server: a real SMTP listener (smtp-server) that accepts everything and writes each
// message to <dir>/<time>-<id>.eml, so notification emails can be read without an outside mail service.
// Usage: tsx workers/scripts/dev-mail-sink.ts <port> <dir>
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";

const port = Number(process.argv[2] ?? "2525");
const dir = process.argv[3] ?? ".stack/mail";
await mkdir(dir, { recursive: true });

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const file = join(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}.eml`,
      );
      writeFile(file, Buffer.concat(chunks)).then(
        () => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(", ");
          console.log(JSON.stringify({ level: 30, msg: `Stored mail to ${to} in ${file}` }));
          callback();
        },
        (error: unknown) => callback(error as Error),
      );
    });
  },
});
server.listen(port, "127.0.0.1", () =>
  console.log(JSON.stringify({ level: 30, msg: `Started mail sink on ${port}` })),
);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
