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
    // Asking about sending one is a question; asking for something to be done is a proposal.
    ["kiến nghị gửi rồi có sửa được không ạ", "question"], ["gửi kiến nghị có mất phí không", "question"],
    ["gửi kiến nghị có cần để lại tên không", "question"], ["phản ánh ổ gà trên đường thì gửi cho ai", "question"],
    ["kiến nghị của em có bị công khai không", "question"],
    // A proposal's own words ("mà chưa ai sửa", "nhiều hộ") do not make it a question about sending one.
    ["Kiến nghị: đèn đường hư mà chưa ai sửa, sao vậy?", "propose"], ["phản ánh đường hư nhiều hộ bị ngập thì sao", "propose"],
    ["kiến nghị bị quá hạn mà chưa ai trả lời thì làm gì", "question"], ["đề xuất xây thêm sân bóng ở xã được không", "propose"],
    ["phản ánh: đèn đường ấp 3 hư cả tháng nay mà chưa ai sửa", "propose"],
    ["cảm ơn, nhưng cho em hỏi thêm lương thử việc", "question"], ["người lao động ngu ngơ bị lừa thì sao", "question"],
  ])("%s → %s", (text, type) => {
    expect(detectIntent(text).type).toBe(type);
  });

  it("answers small talk about the bot with what it is, not from a passage", () => {
    for (const text of ["bn ơi có ny chưa z", "bạn mấy tuổi rồi", "bot ơi bạn tên gì", "bạn là người hay máy vậy", "are you a robot", "who are you"]) {
      expect(detectIntent(text).type, text).toBe("help");
    }
    for (const text of ["đối thoại vs tn thì phải công khai kế hoạch trc bn ngày v ad", "hội nghị đối thoại với thanh niên ai chủ trì, mỗi năm mấy lần", "em 17 tuổi đi làm được không", "bạn gái em 15 tuổi thì sao", "bao nhiêu tuổi được vào đoàn", "tra cuu diem thi tot nghiep thpt o dau", "gửi kiến nghị qua trợ lý thế nào", "gui kien nghi qua tro ly thi go lenh gi", "gui kien nghi xong roi thi theo doi ket qua bang lenh gi", "kiến nghị gửi rồi thì muốn xem lại nội dung đã gửi phải làm thế nào ạ", "gửi kiến nghị xong bao lâu có trả lời", "kiến nghị là gì vậy"]) {
      expect(detectIntent(text).type, text).toBe("question");
    }
  });

  it("tells this year's dialogue plan only when the conference is named, leaving the Labour Code's workplace dialogue to the knowledge base", () => {
    for (const text of ["hội nghị đối thoại năm nay khi nào", "lịch đối thoại với thanh niên", "đối thoại vs tn khi nào", "đối thoại năm nay tổ chức khi nào", "đối thoại với chủ tịch tỉnh lúc nào", "when is the dialogue", "what is the dialogue plan this year?"]) {
      expect(detectIntent(text).type, text).toBe("roundPlan");
    }
    for (const text of [
      "Đối thoại tại nơi làm việc được tổ chức khi nào",
      "doanh nghiệp tổ chức đối thoại với người lao động vào thời gian nào",
      "đối thoại định kỳ ở doanh nghiệp bao giờ thì phải tổ chức",
      "hội nghị đối thoại với người lao động tổ chức khi nào",
      // What the law requires of every dialogue, not this year's plan.
      "a youth dialogue plan must be made public how many days before?",
    ]) {
      expect(detectIntent(text).type, text).toBe("question");
    }
  });

  it("takes 'more questions' under the voting list as the next page of it", () => {
    expect(detectIntent("", "votes:10")).toEqual({ type: "roundVote", offset: 10 });
  });

  it("reads a request for a list of opportunities narrowly, leaving questions about the law to the knowledge base", () => {
    for (const text of [
      "có việc làm nào ở Rạch Giá không",
      "co viec lam nao o rach gia ko ad",
      "khóa học nghề miễn phí cho bộ đội xuất ngũ",
      "có cuộc thi khởi nghiệp nào không",
      "/cohoi",
      "/cohoi rạch giá",
      "em muốn tìm việc ở Phú Quốc",
      "danh sách ngày hội việc làm",
      "hiện nay có khóa học nghề nào miễn phí không ạ",
      "any jobs in Rach Gia",
    ]) {
      expect(detectIntent(text).type, text).toBe("opportunities");
    }
    for (const text of [
      "thủ tục vay vốn tạo việc làm",
      "việc làm thêm 16 tuổi có được không",
      "vay von tao viec lam nam 2026 ap dung theo nghi dinh nao",
      "sinh vien muon khoi nghiep thi co de an nao cua nha nuoc ho tro khong",
      "khóa học nghề có được hỗ trợ tiền ăn không?",
      "dang nhan tro cap that nghiep ma tim duoc viec moi thi em phai lam gi a",
      "tìm việc ở đâu thì phải làm sao",
      "có chính sách nào giúp thanh niên nông thôn đi học nghề không",
      "luat viec lam moi co hieu luc tu ngay nao",
    ]) {
      expect(detectIntent(text).type, text).toBe("question");
    }
  });

  it("takes 'Xem thêm' as the next page of the same filter", () => {
    expect(detectIntent("Xem thêm", "opp:5:job,course:phuong rach gia")).toEqual({ type: "opportunities", text: "", more: { offset: 5, kinds: ["job", "course"], placeKey: "phuong rach gia" } });
  });

  it("reads the stop switch only when the whole message asks for it", () => {
    for (const text of ["STOP", "stop", "/huydangky", "/stop", "ngừng nhận tin", "Ngừng nhận tin nhắn ạ", "không nhận thông báo nữa", "khong nhan thong bao nua", "tắt thông báo", "hủy đăng ký nhận tin", "unsubscribe"]) {
      expect(detectIntent(text).type, text).toBe("stopNotices");
    }
    for (const text of ["/nhantin", "bật thông báo", "bật lại thông báo nhé", "nhận lại thông báo", "bat thong bao", "turn on notifications"]) {
      expect(detectIntent(text).type, text).toBe("startNotices");
    }
    for (const text of ["làm sao để stop hợp đồng", "stop hợp đồng lao động trước hạn có bị phạt không", "công ty không thông báo trước khi cho nghỉ việc thì sao", "không nhận được lương thì làm gì", "hủy đăng ký tạm trú thế nào"]) {
      expect(detectIntent(text).type, text).toBe("question");
    }
  });

  it("hears a child in danger, and leaves workplace and other legal questions to the knowledge base", () => {
    for (const text of [
      "em bị bạo hành",
      "em bị bố đánh đập suốt, em phải làm sao",
      "Em 15 tuổi. Dượng em hay đánh em mỗi lần say rượu",
      "/baocao",
      // A child someone else sees being hurt.
      "Nhà hàng xóm có bé trai 9 tuổi, tối nào cũng nghe ba nó đánh và chửi rất nặng. Em nên gọi cho ai?",
      "bé hàng xóm bị dượng đánh suốt mn ơi",
      "con bé ở xóm em hay bị mẹ kế bạo hành",
      "Ê cho hỏi, con bé nhà bên tối nào cũng bị mẹ kế đánh, muốn báo thì liên hệ đâu vậy?",
      "Có thằng bé khoảng 10 tuổi ngày nào cũng bị ba nó lôi về đánh, tay chân bầm tím. Em nên gọi đâu ạ?",
      "The kid next door is being beaten by his dad, who do I call?",
    ]) {
      expect(detectIntent(text).type, text).toBe("report");
    }
    for (const text of [
      "Em bị đánh giá không hoàn thành công việc, công ty có được sa thải em không",
      "Tôi bị đánh cắp tài khoản facebook thì báo ai",
      "con bé nhà em hay bị cô giáo đánh giá thấp",
      "em bị ép làm việc thêm giờ không lương có đúng luật không",
      "I am hurt at work, who pays the hospital bill?",
      "Ý tưởng kinh doanh của em có được bảo hộ bản quyền không",
      "ý tưởng khởi nghiệp cần vốn bao nhiêu",
      "em không tin",
      "bé nhà em hay đánh bạn ở lớp thì phụ huynh có phải bồi thường không",
      "ba nó đánh giá thế nào về công ty",
      "doanh nghiệp nhỏ bé bị đánh thuế cao quá",
    ]) {
      expect(detectIntent(text).type, text).toBe("question");
    }
  });

  it("keeps the user's spelling of an inline proposal", () => {
    expect(detectIntent("Góp ý: xã em cần thêm sân bóng")).toEqual({ type: "propose", content: "xã em cần thêm sân bóng" });
    expect(detectIntent("Đề xuất chính sách hỗ trợ thanh niên khởi nghiệp có những gì?")).toEqual({ type: "propose", content: "chính sách hỗ trợ thanh niên khởi nghiệp có những gì?", asks: true });
    // A question mark asks too, whatever word the sentence ends on: answered if the knowledge base is sure, else taken in.
    expect(detectIntent("Kiến nghị gửi qua trợ lý thì bao lâu cơ quan phải trả lời ạ?")).toMatchObject({ type: "propose", asks: true });
  });

  it.each([
    ["đồng ý", "yes"], ["dong y", "yes"], ["OK", "yes"], ["sửa", "edit"], ["sua lai", "edit"], ["hủy", "no"], ["khong", "no"], ["hả?", null],
  ])("confirmation %s → %s", (text, answer) => {
    expect(confirmation(text)).toBe(answer);
  });

  it.each([
    ["còn điều kiện gì nữa?", true], ["thế còn người 31 tuổi?", true], ["vậy thì sao", true], ["con dieu kien gi nua", true],
    ["what about a 16-year-old?", true], ["and if I'm still a student?", true],
    ["vay vốn khởi nghiệp ở đâu", false], ["vay von khoi nghiep o dau", false], ["thanh niên là ai", false], ["con tôi 15 tuổi có được đi làm không", false],
    ["What is the minimum wage?", false],
  ])("follow-up %s → %s", (text, expected) => {
    expect(isFollowUp(text)).toBe(expected);
  });
});
