// Who a request comes from, for the counters that limit what one client may do (rate limits,
// sign-in delays). The address itself is request.ip, which Fastify derives from the socket and,
// only for the proxies listed in TRUST_PROXY, from X-Forwarded-For (see server.ts).
import { isIP } from "node:net";
import type { FastifyRequest } from "fastify";

/**
 * The key one client's requests are counted under: an IPv4 address as is (also when written as
 * ::ffff:a.b.c.d), an IPv6 address by its /64, since one home or phone usually holds a whole /64
 * and could otherwise take a fresh address for every request.
 */
export function addressGroup(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const bare = address.split("%")[0]!.toLowerCase();
  if (isIP(bare) !== 6) return address;
  const [head = "", tail] = bare.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/**
 * A request sent on this machine itself, straight to the service: the socket is loopback and no
 * trusted proxy forwarded it on someone else's behalf. Decided from the socket, never from
 * X-Forwarded-For, which any client can write.
 */
export function isFromThisMachine(request: FastifyRequest): boolean {
  const socket = request.socket.remoteAddress ?? "";
  return isLoopback(socket) && request.ip === socket;
}

function isLoopback(address: string): boolean {
  return address === "::1" || /^(?:::ffff:)?127\./i.test(address);
}
