// A real SMTP server on loopback for the notifications consumer's tests: it records what it accepted and can
// refuse a recipient once with a chosen code.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type Received = { mailFrom: string; rcptTo: string[]; headers: Map<string, string>; body: string };

/** A real SMTP server that records what it accepted and refuses a recipient once with a chosen code. */
export class TestSmtpServer {
  readonly received: Received[] = [];
  readonly rcptAttempts: string[] = [];
  readonly refuseOnce = new Map<string, number>();
  readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      this.rcptAttempts.push(address.address);
      const code = this.refuseOnce.get(address.address);
      if (code === undefined) return callback();
      this.refuseOnce.delete(address.address);
      callback(Object.assign(new Error(`Refused ${address.address} for this test`), { responseCode: code }));
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const mailFrom = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
        const rcptTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        this.received.push({ mailFrom, rcptTo, ...parseMessage(Buffer.concat(chunks).toString("latin1")) });
        callback();
      });
    },
  });

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  to(address: string): Received[] {
    return this.received.filter((message) => message.rcptTo.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Just enough RFC 5322/2045 to read what nodemailer writes: unfolded headers and a decoded text body. */
function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map(
    head.split("\r\n").map((line): [string, string] => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { headers, body: decodeBody(raw.slice(split + 4), headers.get("content-transfer-encoding")) };
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === "base64")
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding?.toLowerCase() !== "quoted-printable") return Buffer.from(body, "latin1").toString("utf8");
  const joined = body.replace(/=\r\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === "=") {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}
