// The three outcomes of the answer decision over candidates already scored: answer, ask back
// (between close rivals, or "is this what you mean?" when one passage fits but not surely) and
// fall back when nothing fits.
import { describe, expect, it } from "vitest";
import { choose, DEFAULT_DECISION, type Scored } from "../../src/knowledge/answer/answer-decision.ts";

const { ranker: _r, calibration: _c, ...thresholds } = DEFAULT_DECISION;

function candidate(id: string, label: string, score: number, rank: number, engine = 0.3, missing = 0.3): Scored {
  return {
    chunkId: id,
    documentId: `doc-${id}`,
    score,
    confident: false,
    title: "Hỏi đáp",
    citation: label,
    heading: label,
    text: label,
    label,
    kind: "faq",
    status: "in_force",
    topics: [],
    rank,
    evidence: { engine, missing } as Scored["evidence"],
  };
}

describe("choose", () => {
  const between = (thresholds.confirm + thresholds.answer) / 2;

  it("answers when close rivals lead with the same age, amount or duration as the best passage", () => {
    const withText = (c: Scored, text: string): Scored => ({ ...c, text });
    const a = withText(candidate("a", "Giờ làm của người chưa thành niên", thresholds.answer + 0.1, 3), "Người từ đủ 15 đến dưới 18 tuổi làm không quá 8 giờ một ngày.");
    const same = withText(candidate("b", "Làm thêm khi 16 tuổi", thresholds.answer + 0.05, 2.9), "Không quá 8 giờ một ngày và 40 giờ một tuần.");
    const other = withText(candidate("c", "Làm thêm giờ", thresholds.answer + 0.05, 2.9), "Không quá 4 giờ một ngày.");
    expect(choose([a, same], thresholds, { vague: false, type: "duration" }).outcome).toBe("answer");
    expect(choose([a, other], thresholds, { vague: false, type: "duration" }).outcome).toBe("clarify");
    // A yes/no question is not settled by numbers the passages happen to share.
    expect(choose([a, same], thresholds, { vague: false, type: "yesno" }).outcome).toBe("clarify");
  });

  it("answers a passage that is sure enough and has no close rival", () => {
    const d = choose([candidate("a", "Bầu làm đêm", thresholds.answer + 0.05, 3), candidate("b", "Phụ cấp làm đêm", 0.05, 0)], thresholds);
    expect(d.outcome).toBe("answer");
  });

  it("asks whether the one fitting passage is meant when it is not sure enough to answer", () => {
    expect(thresholds.confirm).toBeLessThan(thresholds.answer);
    const d = choose([candidate("a", "Bầu làm đêm, tăng ca", between, 3), candidate("b", "Phụ cấp làm đêm", 0.05, 0)], thresholds);
    expect(d.outcome).toBe("clarify");
    if (d.outcome === "clarify") expect(d.options.map((o) => o.chunkId)).toEqual(["a"]);
  });

  it("asks the same when the passage leaves too much of a long question unsaid to answer it", () => {
    const d = choose([candidate("a", "Bầu làm đêm, tăng ca", thresholds.answer + 0.05, 3, 0.3, thresholds.missing + 0.1), candidate("b", "Phụ cấp", 0.05, 0)], thresholds);
    expect(d.outcome).toBe("clarify");
  });

  it("falls back when the best passage is below the confirm line", () => {
    const d = choose([candidate("a", "Bầu làm đêm", thresholds.confirm - 0.02, 3), candidate("b", "Phụ cấp làm đêm", 0.01, 0)], thresholds);
    expect(d.outcome).toBe("fallback");
  });

  it("offers a long message's only fitting passage a little below the confirm line, not a short one's", () => {
    const pair = [candidate("a", "Lãi suất tối đa", thresholds.confirm - 0.05, 3), candidate("b", "Lãi suất vay vốn", 0.01, 0)];
    expect(choose(pair, thresholds, { vague: false }).outcome).toBe("fallback");
    const d = choose(pair, thresholds, { vague: false, story: true });
    expect(d.outcome).toBe("clarify");
    if (d.outcome === "clarify") expect(d.options.map((o) => o.chunkId)).toEqual(["a"]);
    expect(choose([candidate("a", "Lãi suất tối đa", thresholds.confirm / 2, 3)], thresholds, { vague: false, story: true }).outcome).toBe("fallback");
    // A story spreads the engine's evidence thin: just under the floor, its one fitting passage is still offered.
    const thin = [candidate("a", "Lãi suất tối đa", thresholds.confirm, 3, thresholds.evidence * 0.95)];
    expect(choose(thin, thresholds, { vague: false }).outcome).toBe("fallback");
    expect(choose(thin, thresholds, { vague: false, story: true }).outcome).toBe("clarify");
    expect(choose([candidate("a", "Lãi suất tối đa", thresholds.confirm, 3, thresholds.evidence * 0.7)], thresholds, { vague: false, story: true }).outcome).toBe("fallback");
  });

  it("answers a long message's one fitting passage from the confirm line when it leads everything else by far", () => {
    const lead = (rival: number) => [candidate("a", "Đòi nợ không giấy tờ", thresholds.confirm + 0.02, 3, 0.21), candidate("b", "Mức vay tạo việc làm", 0.05, 0, rival)];
    expect(choose(lead(0.09), thresholds, { vague: false, story: true }).outcome).toBe("answer");
    // A rival with nearly as much evidence, or a short question: still "is this what you mean?".
    expect(choose(lead(0.19), thresholds, { vague: false, story: true }).outcome).toBe("clarify");
    expect(choose(lead(0.09), thresholds, { vague: false }).outcome).toBe("clarify");
  });

  it("answers a message that asks two things from the two passages that fit, instead of asking which", () => {
    const pair = [candidate("a", "Học sinh, sinh viên tạm hoãn", between, 3), candidate("b", "Tuổi nhập ngũ sau khi học", between, 2.8)];
    expect(choose(pair, thresholds, { vague: false }).outcome).toBe("clarify");
    const d = choose(pair, thresholds, { vague: false, asks: 2 });
    expect(d.outcome).toBe("answer");
    if (d.outcome === "answer") expect([d.best.chunkId, d.also?.chunkId]).toEqual(["a", "b"]);
  });

  it("adds a second passage to a sure answer only when the message asks two things and it is confident too", () => {
    const pair = [candidate("a", "Hết hạn, bị cho nghỉ", thresholds.sure + 0.05, 3), candidate("b", "Mức hưởng trợ cấp", thresholds.answer + 0.05, 2.9)];
    const one = choose(pair, thresholds, { vague: false });
    expect(one.outcome === "answer" && one.also).toBeFalsy();
    const two = choose(pair, thresholds, { vague: false, asks: 2 });
    expect(two.outcome === "answer" && two.also?.chunkId).toBe("b");
    const weak = choose([pair[0]!, candidate("b", "Mức hưởng trợ cấp", thresholds.clarify + 0.01, 2.9)], thresholds, { vague: false, asks: 2 });
    expect(weak.outcome === "answer" && weak.also).toBeFalsy();
  });

  it("takes the second thing asked from further down when it is on the same subject, never from another subject", () => {
    const onTopic = (c: Scored, topic: string): Scored => ({ ...c, topics: [topic] });
    const best = onTopic(candidate("a", "Công ty không duyệt đơn", thresholds.answer + 0.1, 5), "lao-dong");
    const same = onTopic(candidate("b", "Báo trước khi nghỉ việc", thresholds.confirm + 0.05, 1), "lao-dong");
    const elsewhere = onTopic(candidate("c", "Đóng bao lâu được hưởng", thresholds.confirm + 0.05, 1), "bao-hiem-that-nghiep");
    const d = choose([best, same], thresholds, { vague: false, asks: 2 });
    expect(d.outcome === "answer" && d.also?.chunkId).toBe("b");
    const other = choose([best, elsewhere], thresholds, { vague: false, asks: 2 });
    expect(other.outcome).toBe("answer");
    expect(other.outcome === "answer" && other.also).toBeFalsy();
  });

  it("asks which one is meant when a word or two names a subject, however far apart the ranker puts its passages", () => {
    const pair = [candidate("a", "Thử việc không lương", thresholds.sure + 0.05, 5), candidate("b", "Thử việc nhiều lần", thresholds.sure, 1)];
    expect(choose(pair, thresholds, { vague: false }).outcome).toBe("answer");
    const d = choose(pair, thresholds, { vague: true });
    expect(d.outcome).toBe("clarify");
    if (d.outcome === "clarify") expect(d.options.map((o) => o.chunkId)).toEqual(["a", "b"]);
  });

  it("never offers a passage under the evidence floor, however it scores", () => {
    const d = choose([candidate("a", "Dự báo thời tiết", between, 3, thresholds.evidence / 2)], thresholds);
    expect(d.outcome).toBe("fallback");
  });
});
