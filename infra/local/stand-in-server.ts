/**
 * The HTTP plumbing every partner stand-in shares (courier partner, SMS gateway, payment
 * gateway): a server on 127.0.0.1 that reads each body up to a cap (413 past it, in the
 * partner's own error shape), hands the request to the stand-in, and answers its own 500 if the
 * stand-in's handler throws; and a stop that closes the port, then waits for the work the
 * stand-in left running (receipts, IPNs, scripted courier events).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Closes every connection and the port, then waits until `settled` resolves. */
  stop(settled: () => Promise<void>): Promise<void>;
}

export async function startStandInServer(opts: {
  port?: number | undefined;
  maxBody: number;
  /** The partner's answers for a body over the cap and for a crash of the handler. */
  tooLarge: (res: ServerResponse) => void;
  crashed: (res: ServerResponse) => void;
  handle: (req: IncomingMessage, res: ServerResponse, url: URL, raw: string) => void | Promise<void>;
}): Promise<StandInServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= opts.maxBody) chunks.push(c);
    });
    req.on('end', () => {
      if (size > opts.maxBody) return opts.tooLarge(res);
      const url = new URL(req.url ?? '/', 'http://stand-in');
      Promise.resolve()
        .then(() => opts.handle(req, res, url, Buffer.concat(chunks).toString('utf8')))
        .catch(() => {
          if (!res.headersSent) opts.crashed(res);
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async (settled) => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await settled();
    },
  };
}

/** Work a stand-in starts and does not wait for (a receipt, an IPN): tracked so that `settled` waits for all of it. */
export function runningWork() {
  const running = new Set<Promise<void>>();
  return {
    add(work: Promise<void>): Promise<void> {
      const tracked = work.finally(() => running.delete(tracked));
      running.add(tracked);
      return tracked;
    },
    async settled(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
