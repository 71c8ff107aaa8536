// A script on one address makes web chat sessions and votes with them: after WEB_VOTES_PER_ADDRESS
// votes in a round from that address the rest are not counted (and it is told why), while people on
// another address vote as usual. The service sits behind a proxy on this machine (TRUST_PROXY), so
// the address is the one X-Forwarded-For gives, as in production; only a hash of it is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { approvePublicText } from "../../src/dialogue/approve-public-text.ts";
import { openRound } from "../../src/dialogue/open-round.ts";
import { MAX_VOTES_PER_ROUND, WEB_VOTES_PER_ADDRESS } from "../../src/dialogue/round-status.ts";
import { createProposal } from "../../src/proposals/create-proposal.ts";
import type { StaffActor } from "../../src/staff/staff-scope.ts";
import { runApp, type RunningApp } from "../support/app.ts";

const coordinator: StaffActor = { id: "c1", email: "dieuphoi@tinhdoan.gov.vn", name: "Điều phối", role: "coordinator", departmentId: null };
const PLAN = {
  title: "Đối thoại giữa Chủ tịch UBND tỉnh với thanh niên 2027",
  kind: "dialogue",
  collectFrom: "2027-03-01",
  collectUntil: "2027-03-31",
  voteFrom: "2027-04-05",
  voteUntil: "2027-04-15",
  meetingAt: "2027-05-20T08:00",
  answersDue: "2027-06-20",
};
const SCRIPT_ADDRESS = "203.0.113.7";
const OTHER_ADDRESS = "198.51.100.4";

describe("web chat votes per address", () => {
  let app: RunningApp;
  const clock = fixedClock("2027-02-20T03:00:00Z");
  beforeAll(async () => {
    app = await runApp({ clock, env: { TRUST_PROXY: "127.0.0.1" } });
    const { slug, id: roundId } = await openRound({ db: app.db, actor: coordinator, input: PLAN, now: clock.now() });
    const dept = await app.db.prisma.department.findFirstOrThrow({ where: { isCoordinator: true } });
    const author = await app.db.prisma.chatUser.create({ data: {} });
    for (let i = 0; i < 4; i++) {
      const q = await app.db.prisma.$transaction((tx) =>
        createProposal(tx, { kind: "proposal", userId: author.id, channel: "web", chatId: "x", content: `Câu hỏi số ${i} về việc làm`, topic: null, departmentId: dept.id, roundId, now: new Date("2027-03-10T03:00:00Z") }),
      );
      await approvePublicText({ db: app.db, actor: coordinator, slug, code: q.code, input: { summary: `Tóm tắt câu hỏi số ${i} về việc làm` }, now: clock.now(), texts: { prompts: app.prompts } });
    }
  });
  afterAll(async () => {
    await app.stop();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const say = async (label: string, address: string, body: Record<string, unknown>): Promise<any> => {
    const res = await app.web(label).request("/api/chat", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": address }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return res.json();
  };

  /** Says "bình chọn", then picks the first question offered until the votes run out or one is refused. */
  async function voteAll(label: string, address: string): Promise<string[]> {
    let offered = (await say(label, address, { text: "bình chọn" })).replies[0].choices as { id: string }[];
    const replies: string[] = [];
    for (let k = 0; k < MAX_VOTES_PER_ROUND && offered?.length; k++) {
      const voted = await say(label, address, { choice: offered[0]!.id });
      replies.push(voted.replies[0].text);
      offered = voted.replies[1]?.choices;
    }
    return replies;
  }

  it(`counts at most ${WEB_VOTES_PER_ADDRESS} web votes from one address in a round, and says why`, async () => {
    clock.set("2027-04-06T03:00:00Z");
    const sessions = WEB_VOTES_PER_ADDRESS / MAX_VOTES_PER_ROUND + 1;
    // Every session writes first, then waits the five minutes a web session's votes need.
    for (let i = 0; i < sessions; i++) await say(`script-${i}`, SCRIPT_ADDRESS, { text: "xin chào" });
    await say("neighbour", OTHER_ADDRESS, { text: "xin chào" });
    clock.set("2027-04-06T03:10:00Z");
    for (let i = 0; i < sessions - 1; i++) {
      expect((await voteAll(`script-${i}`, SCRIPT_ADDRESS)).at(-1)).toContain("đã dùng hết 3 phiếu");
    }
    const refused = await voteAll(`script-${sessions - 1}`, SCRIPT_ADDRESS);
    expect(refused).toEqual([app.prompts.t("vi", "dialogue.voteAddressLimit", { max: WEB_VOTES_PER_ADDRESS })]);
    expect(await app.db.prisma.roundVote.count()).toBe(WEB_VOTES_PER_ADDRESS);

    // Someone on another network is not held back by it.
    expect((await voteAll("neighbour", OTHER_ADDRESS)).at(-1)).toContain("đã dùng hết 3 phiếu");
    expect(await app.db.prisma.roundVote.count()).toBe(WEB_VOTES_PER_ADDRESS + MAX_VOTES_PER_ROUND);

    // What is stored is a hash per round, never the address.
    const origins = await app.db.prisma.roundVote.groupBy({ by: ["origin"], _count: { _all: true } });
    expect(origins.map((o) => o._count._all).sort((a, b) => a - b)).toEqual([MAX_VOTES_PER_ROUND, WEB_VOTES_PER_ADDRESS]);
    for (const o of origins) expect(o.origin).toMatch(/^[0-9a-f]{64}$/);
  });
});
