import { createHash } from "node:crypto";
import { createTransport } from "nodemailer";

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  /** A stable identity for the message: the same key gives the same Message-ID, so clients can fold repeats. */
  key?: string;
};

export type MailReceipt = { messageId: string };

export interface Mailer {
  /** Resolves once the server has accepted the message; throws MailRejectedError when it refused it for good. */
  send(message: MailMessage): Promise<MailReceipt>;
  close(): void;
}

/** The SMTP server refused the message permanently (5xx): sending it again cannot succeed. */
export class MailRejectedError extends Error {
  readonly responseCode: number;
  constructor(message: string, responseCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MailRejectedError";
    this.responseCode = responseCode;
  }
}

function permanentCodeOf(error: unknown): number | undefined {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600 ? code : undefined;
}

function messageIdOf(key: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? "skillpod.invalid";
  return `<${createHash("sha256").update(key, "utf8").digest("hex").slice(0, 40)}@${domain}>`;
}

/** A mailer over nodemailer's SMTP transport; the URL carries host, port, credentials and options (pool, TLS). */
export function createSmtpMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport = createTransport(options.smtpUrl);
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.key !== undefined ? { messageId: messageIdOf(message.key, options.from) } : {}),
        });
        return { messageId: info.messageId };
      } catch (error) {
        const code = permanentCodeOf(error);
        if (code === undefined) throw error;
        throw new MailRejectedError((error as Error).message, code, { cause: error });
      }
    },
    close(): void {
      transport.close();
    },
  };
}
