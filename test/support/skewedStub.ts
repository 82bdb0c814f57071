/**
 * A CreateSession stand-in with its own (skewed) clock: it refuses an X-Amz-Date more
 * than 5 minutes from its clock with 403 "Invalid signature", as Roles Anywhere does, and
 * sends its clock in the Date header. (The emulator's Date header is Node's real time,
 * not its injected clock, so server-side skew is tested here.)
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createSessionBody, fakeCredentials } from "./stubServers";

export interface SkewedStub {
  readonly url: string;
  /** X-Amz-Date of each request. */
  readonly amzDates: string[];
  close(): Promise<void>;
}

const parseAmzDate = (value: string): number =>
  Date.parse(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));

/** Starts the stub on 127.0.0.1:0 with clock `now`. */
export const startSkewedStub = async (now: () => Date, { sendDate = true } = {}): Promise<SkewedStub> => {
  const amzDates: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const amzDate = String(request.headers["x-amz-date"] ?? "");
      amzDates.push(amzDate);
      const serverTime = now();
      response.sendDate = false;
      const headers: Record<string, string> = {
        "content-type": "application/json",
        ...(sendDate ? { date: serverTime.toUTCString() } : {}),
      };
      if (Math.abs(parseAmzDate(amzDate) - serverTime.getTime()) > 300_000) {
        response.writeHead(403, { ...headers, "x-amzn-errortype": "AccessDeniedException" });
        response.end('{"message":"Invalid signature"}');
        return;
      }
      response.writeHead(201, headers);
      response.end(createSessionBody(fakeCredentials(new Date(serverTime.getTime() + 3_600_000))));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    amzDates,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
