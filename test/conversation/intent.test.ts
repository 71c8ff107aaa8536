import { describe, expect, it } from "vitest";
import { confirmation, detectIntent, isFollowUp } from "../../src/conversation/intent.ts";

describe("intent", () => {
  it.each([
    ["/start", "start"], ["xin chào", "start"], ["Chào bạn!", "start"], ["/help", "help"], ["tro giup", "help"],
    ["/kiennghi", "propose"], ["kiến nghị: đường vào trường hỏng", "propose"], ["gop y ve san choi", "propose"],
    ["/theodoi KN-2026-00042", "track"], ["kiem tra kien nghi kn-2026-00042", "track"], ["/huy", "cancel"], ["hủy", "cancel"],
    ["/xoadulieu", "deleteData"], ["/lienhe", "contactStaff"], ["cảm ơn bạn nhiều", "thanks"], ["tạm biệt", "goodbye"],
    ["/lang en", "lang"], ["thanh niên là ai", "question"], ["kiến thức về luật", "question"],
    ["cảm ơn ạ", "thanks"], ["dạ em cảm ơn ad nhiều nha", "thanks"], ["thanks a lot", "thanks"], ["bye nhé", "goodbye"],
    ["bot ngu vl", "insult"], ["cho em gặp người thật", "contactStaff"], ["talk to a real person", "contactStaff"],
    ["kiến nghị của em tới đâu rồi", "track"], ["đề xuất hôm trước của mình sao rồi ạ", "track"], ["có ai trả lời chưa", "track"],
    ["KN-2026-00042", "track"], ["kiến nghị làm đường", "propose"],
    ["cảm ơn, nhưng cho em hỏi thêm lương thử việc", "question"], ["người lao động ngu ngơ bị lừa thì sao", "question"],
  ])("%s → %s", (text, type) => {
    expect(detectIntent(text).type).toBe(type);
  });

  it("answers small talk about the bot with what it is, not from a passage", () => {
    for (const text of ["bn ơi có ny chưa z", "bạn mấy tuổi rồi", "bot ơi bạn tên gì", "bạn là người hay máy vậy", "are you a robot", "who are you"]) {
      expect(detectIntent(text).type, text).toBe("help");
    }
    for (const text of ["em 17 tuổi đi làm được không", "bạn gái em 15 tuổi thì sao", "bao nhiêu tuổi được vào đoàn", "tra cuu diem thi tot nghiep thpt o dau"]) {
      expect(detectIntent(text).type, text).toBe("question");
    }
  });

  it("keeps the user's spelling of an inline proposal", () => {
    expect(detectIntent("Góp ý: xã em cần thêm sân bóng")).toEqual({ type: "propose", content: "xã em cần thêm sân bóng" });
  });

  it.each([
    ["đồng ý", "yes"], ["dong y", "yes"], ["OK", "yes"], ["sửa", "edit"], ["sua lai", "edit"], ["hủy", "no"], ["khong", "no"], ["hả?", null],
  ])("confirmation %s → %s", (text, answer) => {
    expect(confirmation(text)).toBe(answer);
  });

  it.each([
    ["còn điều kiện gì nữa?", true], ["thế còn người 31 tuổi?", true], ["vậy thì sao", true], ["con dieu kien gi nua", true],
    ["vay vốn khởi nghiệp ở đâu", false], ["vay von khoi nghiep o dau", false], ["thanh niên là ai", false], ["con tôi 15 tuổi có được đi làm không", false],
  ])("follow-up %s → %s", (text, expected) => {
    expect(isFollowUp(text)).toBe(expected);
  });
});
