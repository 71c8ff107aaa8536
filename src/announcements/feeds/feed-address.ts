// Which feed addresses the service may fetch. A feed URL is the one address staff give that the
// service itself requests, so it must not become a way into the machine's own network (server-side
// request forgery): only http and https, no user name or password in it, and never a loopback,
// private, link-local, carrier-grade NAT, multicast or reserved address, whether written as an IP
// or reached through a name. The check is made when the feed is added and again for every address
// a name resolves to at each fetch (and each redirect), so a name re-pointed later is caught too.
// FEEDS_ALLOW_PRIVATE_ADDRESSES lifts the address rule, for tests against a server on 127.0.0.1.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "../../errors.ts";

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv6");
}

/** Whether an IP address is one the service must not fetch from (IPv4-mapped IPv6 addresses count as their IPv4 one). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return BLOCKED.check(mapped, "ipv4");
  return BLOCKED.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** The longest feed address accepted. */
export const MAX_FEED_URL_LENGTH = 500;

export type FeedUrlProblem = "url" | "scheme" | "credentials" | "long" | "address" | "host";

function refuse(reason: FeedUrlProblem, message: string): never {
  throw new AppError("bad_request", { message: `url: ${message}`, detail: { field: "url", reason } });
}

/** The host as the URL carries it, without the brackets of an IPv6 literal. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

/**
 * Checks a feed address as staff typed it and returns it normalised; throws bad_request with
 * detail { field: "url", reason } otherwise. `allowPrivate`: FEEDS_ALLOW_PRIVATE_ADDRESSES.
 */
export function checkFeedUrl(text: string, opts: { allowPrivate: boolean }): URL {
  const typed = text.trim();
  if (typed.length > MAX_FEED_URL_LENGTH) refuse("long", `longer than ${MAX_FEED_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    refuse("url", "not an address");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") refuse("scheme", `${url.protocol} is not http or https`);
  if (url.username || url.password) refuse("credentials", "a user name or password in the address");
  const host = hostOf(url).toLowerCase();
  if (!host) refuse("url", "no host");
  if (!opts.allowPrivate) {
    if (isIP(host) ? isPrivateAddress(host) : host === "localhost" || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host)) {
      refuse("address", `${host} is a loopback or private address`);
    }
  }
  url.hash = "";
  return url;
}

/**
 * The addresses `host` resolves to, refused (AppError "feed.fetch", reason "address") when any of
 * them is private, and "host" when it does not resolve. An IP literal is its own address.
 */
export async function publicAddresses(host: string, opts: { allowPrivate: boolean }): Promise<{ address: string; family: number }[]> {
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (err) {
      throw new AppError("feed.fetch", { message: `feed: ${host} does not resolve`, detail: { reason: "host" }, cause: err });
    }
  }
  if (addresses.length === 0) throw new AppError("feed.fetch", { message: `feed: ${host} does not resolve`, detail: { reason: "host" } });
  if (!opts.allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) {
    throw new AppError("feed.fetch", { message: `feed: ${host} resolves to a loopback or private address`, detail: { reason: "address" } });
  }
  return addresses;
}
