// Where typical proposals go with the shipped departments and routing rules (prisma/seed/
// departments.yaml, as after the 2025 reorganisation): a sports ground to build is construction,
// not enterprises; schools go to education, housing to Sở Xây dựng, startups to science and
// technology, and a commune's own roads and lights to that commune's People's Committee.
import { describe, expect, it } from "vitest";
import { routeProposal } from "../../src/proposals/route-proposal.ts";
import { findCommune, KeywordMatcher } from "../../src/proposals/routing-keywords.ts";
import { seedDepartments } from "../../src/proposals/seed-departments.ts";
import { freshDatabaseEachTest } from "../support/database.ts";

describe("routing proposals with the shipped rules", () => {
  const fresh = freshDatabaseEachTest("sqlite");

  async function route(text: string, commune?: string) {
    const result = await routeProposal({ db: fresh.db, text, ...(commune !== undefined ? { commune } : {}) });
    const dept = await fresh.db.prisma.department.findUniqueOrThrow({ where: { id: result.departmentId } });
    return { ...result, slug: dept.slug };
  }

  async function addCommune(name: string) {
    return fresh.db.prisma.department.create({ data: { slug: name.toLowerCase().replace(/\W+/g, "-"), name, kind: "commune" } });
  }

  it("sends the issue's sports ground to Sở Xây dựng, never to enterprises", async () => {
    await seedDepartments(fresh.db);
    const r = await route("xã em chưa có sân bóng cho thanh niên, mong tỉnh đầu tư xây dựng");
    expect(r.slug).toBe("so-xay-dung");
    expect(r.topic).toBe("nha-o");
    expect(r.matched).toBe(true);
    expect(r.rule?.keywords).toEqual(expect.arrayContaining(["xây dựng", "đầu tư xây dựng"]));
    // A sports programme, with nothing to build, stays with culture and sports.
    expect((await route("góp ý: xã em cần sân bóng cho thanh niên chơi thể thao buổi tối")).slug).toBe("so-van-hoa-the-thao-du-lich");
  });

  it("sends schools to education, and not the words that only look like 'trường'", async () => {
    await seedDepartments(fresh.db);
    expect((await route("Trường THPT của xã em thiếu phòng học, học sinh phải học ca ba")).slug).toBe("so-giao-duc-dao-tao");
    expect((await route("truong em khong co nha ve sinh sach se cho hoc sinh")).slug).toBe("so-giao-duc-dao-tao");
    // "trưởng ấp" is the hamlet chief, "thị trường" the market: neither is a school.
    const chief = await route("Trưởng ấp không chịu xác nhận giấy tờ cho em đi làm ở thị trường lao động");
    expect(chief.slug).not.toBe("so-giao-duc-dao-tao");
  });

  it("sends housing to Sở Xây dựng, startups to science and technology, residence papers to the police", async () => {
    await seedDepartments(fresh.db);
    expect((await route("Em muốn hỏi thủ tục mua nhà ở xã hội cho công nhân trẻ")).slug).toBe("so-xay-dung");
    expect((await route("Đề nghị tỉnh có quỹ hỗ trợ thanh niên khởi nghiệp với ý tưởng kinh doanh nông sản")).slug).toBe("so-khoa-hoc-cong-nghe");
    expect((await route("Làm căn cước cho em ở nơi tạm trú mất hai tháng chưa có")).slug).toBe("cong-an-tinh");
    // Unaccented "cong ty" is a company, not a drain ("cống").
    expect((await route("cong ty no luong em 3 thang roi, de nghi so can thiep")).slug).toBe("so-noi-vu");
  });

  it("sends a commune's own roads and lights to that commune's People's Committee", async () => {
    await seedDepartments(fresh.db);
    const tanLap = await addCommune("UBND xã Tân Lập");
    await addCommune("UBND phường Bình Minh");
    const named = await route("Đường làng ở ấp 3 xã Tân Lập ngập nước mỗi khi mưa, đèn đường hỏng cả tháng");
    expect(named).toMatchObject({ departmentId: tanLap.id, departmentName: "UBND xã Tân Lập", topic: "ha-tang-dia-phuong", matched: true, askCommune: false });
    expect((await route("duong lang o xa tan lap ngap nuoc, den duong hong")).departmentId).toBe(tanLap.id);
  });

  it("asks where the person lives when the commune is not named, and the coordinator triages without it", async () => {
    await seedDepartments(fresh.db);
    const text = "Đường làng chỗ em ngập nước mỗi khi mưa, mong được sửa";
    const noCommunes = await route(text);
    expect(noCommunes).toMatchObject({ slug: "tinh-doan", matched: false, askCommune: false, topic: "ha-tang-dia-phuong" });

    const tanLap = await addCommune("UBND xã Tân Lập");
    expect(await route(text)).toMatchObject({ slug: "tinh-doan", askCommune: true });
    expect(await route(text, "em ở Tân Lập")).toMatchObject({ departmentId: tanLap.id, askCommune: false });
    expect(await route(text, "")).toMatchObject({ slug: "tinh-doan", matched: false, askCommune: false });
    expect(await route(text, "xã Không Có")).toMatchObject({ slug: "tinh-doan", askCommune: false });
  });
});

describe("reading keywords and communes", () => {
  it("matches unaccented words to any spelling, accented words only to themselves", () => {
    const accented = new KeywordMatcher("Trưởng ấp nói trường hợp này phải hỏi xã");
    expect(accented.has("trường học")).toBe(false);
    expect(accented.has("trưởng ấp")).toBe(true);
    const plain = new KeywordMatcher("truong hoc cua em o xa");
    expect(plain.has("trường học")).toBe(true);
    // One accented syllable is too ambiguous unaccented: "kien nghi" is not a lawsuit ("kiện").
    expect(new KeywordMatcher("kien nghi ve duong xa").has("kiện")).toBe(false);
    expect(new KeywordMatcher("em muốn kiện công ty").has("kiện")).toBe(true);
  });

  it("finds a commune by its level and name, or its name alone, and refuses two", () => {
    const communes = [{ name: "UBND xã Tân Lập" }, { name: "Ủy ban nhân dân phường Bình Minh" }, { name: "UBND xã Bình Minh" }];
    expect(findCommune(communes, "ở xã Tân Lập có con đường hỏng")?.name).toBe("UBND xã Tân Lập");
    expect(findCommune(communes, "tan lap")?.name).toBe("UBND xã Tân Lập");
    expect(findCommune(communes, "phường Bình Minh")?.name).toBe("Ủy ban nhân dân phường Bình Minh");
    expect(findCommune(communes, "Bình Minh")).toBeNull(); // a ward and a commune share the name
    expect(findCommune(communes, "ấp 3")).toBeNull();
  });
});
