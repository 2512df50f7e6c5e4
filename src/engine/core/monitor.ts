/**
 * What MONITOR shows of a command (Redis's replicationFeedMonitors): the
 * client's address and each argument quoted as sdscatrepr quotes it.
 */
import type { ClientState } from './command';

/** A client's address as CLIENT LIST shows it (a TCP peer, or a made-up one for in-page clients). */
export function clientAddress(client: ClientState): string {
  return (client as ClientState & { addr?: string }).addr ?? `127.0.0.1:${50000 + client.id}`;
}

/** An argument as Redis's sdscatrepr writes it: double quotes, C escapes, other bytes as \xHH. */
export function quoteArg(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c || c === 0x22) out += '\\' + s[i];
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}
