import { isIP } from 'node:net';

export interface ListenAddress {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

const HOST_AND_PORT = /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d+)$/;

/** `HOST:PORT` as `--web` takes it: a name or IPv4 address, or an IPv6 address in brackets (`[::1]:8740`). */
export function parseListenAddress(text: string): ListenAddress {
  const example = 'e.g. 127.0.0.1:8740, [::1]:8740, or 127.0.0.1:0 for any free port';
  const match = HOST_AND_PORT.exec(text);
  if (!match) throw new Error(`--web takes HOST:PORT (${example}), not "${text}"`);
  const [, ipv6, name = '', portText = ''] = match;
  if (ipv6 !== undefined && isIP(ipv6) !== 6) throw new Error(`--web: "${ipv6}" in brackets is not an IPv6 address (${example})`);
  const port = Number(portText);
  if (port > 65_535) throw new Error(`--web: the port must be from 0 to 65535, not ${portText}`);
  return { host: ipv6 ?? name, port };
}
