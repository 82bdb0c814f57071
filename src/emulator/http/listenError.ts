import type { OptionWords, WordedMessage } from "../../errorWords";

/**
 * Why a server could not listen on `host`:`port`, and what to do, from the error's `code`
 * (EADDRINUSE, EADDRNOTAVAIL, EACCES, …). Shared by the emulator and `serve`. Pure.
 *
 * @internal
 */
export const listenErrorMessage =
  (code: string | undefined, detail: string, host: string, port: number): WordedMessage =>
  (words: OptionWords) => {
    const where = `${host.includes(":") ? `[${host}]` : host}:${port}`;
    switch (code) {
      case "EADDRINUSE":
        return `${where} is already in use: stop the other server or pass another ${words.name("port")} (0 picks a free one).`;
      case "EADDRNOTAVAIL":
        return `cannot listen on ${where}: the address is not on this host; listen on a local address.`;
      case "EACCES":
        return `cannot listen on ${where}: permission denied (ports below 1024 need privileges); pick a higher ${words.name("port")}.`;
      default:
        return `cannot listen on ${where}: ${code ?? detail}.`;
    }
  };
